// Fault suite: the process and its data folder. A bad SCANLINE_DATA_DIR, the inference worker
// dying mid-job, and `kill -9` with jobs running and queued, then a restart.
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, describe, expect } from 'vitest';
import { startRuntime } from '../../src/bots/runtime.js';
import { loadConfig } from '../../src/common/config.js';
import { formatMessage } from '../../src/common/errors.js';
import type { JobEvent } from '../../src/pipeline/types.js';
import { FakeDiscord } from '../fakes/fake-discord.js';
import { waitForReplyTo } from '../fakes/discord/adapter-harness.js';
import {
  HEAVY_EDIT,
  askAndWait,
  botEnv,
  heavyJpeg,
  journalOnDisk,
  pressReroll,
  startBot,
  until,
} from '../helpers/bot-process.js';
import { makeImageRef, makeRequest } from '../helpers/make-request.js';
import { RecordingSink } from '../helpers/recording-sink.js';
import { freePort, runScanline, type ScanlineProcess } from '../helpers/scanline-process.js';
import { PlaygroundClient } from '../web/playground-client.js';
import { fault } from './fault-table.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scanline-fault-'));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps.splice(0)) {
    await chmod(dir, 0o700).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

const linux = process.platform === 'linux';
const root = process.getuid?.() === 0;
const aRecord = JSON.stringify({ id: 'old', state: 'done', from: {}, text: '', params: {}, images: [], plan: {} });

/** Each way the data folder can be bad: what the folder looks like, and the sentence expected. */
const BAD_DATA_DIRS: { name: string; linuxOnly?: boolean; make(dir: string): Promise<string>; says: RegExp }[] = [
  {
    name: 'a file in its place',
    make: async (dir) => {
      await writeFile(join(dir, 'data'), 'not a folder');
      return join(dir, 'data');
    },
    says: /is a file, not a folder/,
  },
  {
    name: 'a path under a file',
    make: async (dir) => {
      await writeFile(join(dir, 'file'), '');
      return join(dir, 'file', 'scanline', 'data');
    },
    says: /"[^"]*file" is a file, not a folder/,
  },
  {
    name: 'unwritable',
    // Root writes anywhere chmod allows nothing: sysfs refuses even root.
    linuxOnly: root,
    make: async (dir) => {
      if (root) return '/sys/scanline-fault-test';
      await mkdir(join(dir, 'locked'));
      await chmod(join(dir, 'locked'), 0o500);
      return join(dir, 'locked', 'data');
    },
    says: /is not writable \((EACCES|EPERM|EROFS)/,
  },
  {
    name: 'jobs.jsonl is a folder',
    make: async (dir) => {
      await mkdir(join(dir, 'jobs.jsonl'));
      return dir;
    },
    says: /is a folder or device, not the job journal file/,
  },
  {
    name: 'jobs.jsonl is a device (/dev/full)',
    linuxOnly: true,
    make: async (dir) => {
      await symlink('/dev/full', join(dir, 'jobs.jsonl'));
      return dir;
    },
    says: /is a folder or device, not the job journal file/,
  },
  {
    name: 'disk full at open (ENOSPC compacting jobs.jsonl)',
    linuxOnly: true,
    make: async (dir) => {
      await writeFile(join(dir, 'jobs.jsonl'), `${aRecord}\n`);
      // The compaction writes jobs.jsonl.tmp: /dev/full answers ENOSPC as a full disk does.
      await symlink('/dev/full', join(dir, 'jobs.jsonl.tmp'));
      return dir;
    },
    says: /disk of SCANLINE_DATA_DIR .* is full/,
  },
  {
    name: 'scanline.db written by a newer Scanline',
    make: async (dir) => {
      const db = new Database(join(dir, 'scanline.db'));
      db.pragma('user_version = 999');
      db.close();
      return dir;
    },
    says: /settings database ".*scanline\.db" was written by a newer Scanline \(schema 999; this one knows up to \d+\)/,
  },
  {
    name: 'scanline.db is not a database',
    make: async (dir) => {
      await writeFile(join(dir, 'scanline.db'), 'notes, not SQLite\n'.repeat(200));
      return dir;
    },
    says: /settings database ".*scanline\.db" cannot be opened \(file is not a database\)/,
  },
  {
    name: 'under /proc (mkdir says ENOENT under a folder that exists)',
    linuxOnly: true,
    make: async () => '/proc/scanline-fault-test/data',
    says: /cannot be used \(ENOENT\)/,
  },
];

describe('bad SCANLINE_DATA_DIR', () => {
  for (const bad of BAD_DATA_DIRS) {
    if (bad.linuxOnly && !linux) continue;
    fault(
      `F6 bad SCANLINE_DATA_DIR: ${bad.name}`,
      'scanline start prints one line naming SCANLINE_DATA_DIR and exits 8 (no stack trace)',
      async (observe) => {
        const home = await tempDir();
        const dataDir = await bad.make(await tempDir());
        const run = await runScanline(['start'], {
          HOME: home,
          SCANLINE_DATA_DIR: dataDir,
          SCANLINE_PLAYGROUND_PORT: String(await freePort()),
          LOG_LEVEL: 'warn',
        });
        const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
        observe(`exit ${run.code}, ${lines.length} stderr line(s): ${lines[0] ?? ''}`);
        expect(run.code).toBe(8);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain('SCANLINE_DATA_DIR');
        expect(lines[0]).toMatch(bad.says);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      },
    );
  }
});

describe('the inference worker dies', () => {
  fault(
    'Worker crash mid-job',
    'the running job fails with the internal-error sentence and an error id that is in the log; the next job works',
    async (observe) => {
      const dir = await tempDir();
      const logLines: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
      const config = loadConfig({ HOME: dir, SCANLINE_DATA_DIR: dir, SCANLINE_THREADS: '1' });
      const runtime = await startRuntime(config, log, { journal: 'memory' });
      try {
        const photo = await heavyJpeg();
        const ref = (bytes: Uint8Array, name: string) =>
          makeImageRef({ name, contentType: 'image/jpeg', size: bytes.byteLength, fetch: async () => bytes.slice() });
        const worker = () => (runtime.engine as unknown as { handle?: { worker: Worker } }).handle?.worker;

        let killed = false;
        const sink = new RecordingSink();
        const update = sink.update.bind(sink);
        // The first step's image came back from the worker: the job is inside the worker now.
        sink.update = async (event, view) => {
          if (event.type === 'progress' && !killed) {
            killed = true;
            await worker()?.terminate();
          }
          return update(event, view);
        };
        const crashed = runtime.pipeline.submit(
          makeRequest({ text: HEAVY_EDIT, images: [ref(photo, 'photo.jpg')] }),
          sink,
        );
        const end = (await sink.ended) as Extract<JobEvent, { type: 'failed' }>;
        expect(await crashed.done).toBe('failed');
        expect(killed).toBe(true);
        expect(end).toMatchObject({ type: 'failed', code: 'internal' });
        const errorId = /error id (\w+)/.exec(end.userMessage)?.[1] ?? '';
        expect(end.userMessage).toBe(formatMessage('internal', 'en', { id: errorId }));
        const logged = logLines.find((l) => l.includes(`"errorId":"${errorId}"`)) ?? '';
        expect(logged).toMatch(/inference worker stopped/);

        const small = new Uint8Array(await sharp(photo).resize(256).jpeg().toBuffer());
        const nextSink = new RecordingSink();
        const next = runtime.pipeline.submit(
          makeRequest({ text: 'make it black and white', images: [ref(small, 'small.jpg')] }),
          nextSink,
        );
        expect(await next.done).toBe('done');
        const restarted = logLines.some((l) => l.includes('Restarting the inference worker'));
        observe(
          `worker terminated at the first step's progress; job failed: "${end.userMessage}" (log line with that id: yes); next job: ${await next.done}; worker restarted: ${restarted ? 'yes' : 'no'}`,
        );
      } finally {
        await runtime.close();
      }
    },
    180_000,
  );
});

describe('kill -9', () => {
  let fake: FakeDiscord | undefined;
  let bot: ScanlineProcess | undefined;
  afterAll(async () => {
    await bot?.kill9();
    await fake?.close();
  });

  fault(
    'kill -9 and restart',
    "after a restart the jobs that were running or queued are failed in the journal and their Discord reply says interrupted; a finished job's Reroll still works",
    async (observe) => {
      fake = await FakeDiscord.start();
      const dataDir = await tempDir();
      const env = botEnv(fake, dataDir, await freePort());
      bot = await startBot(env);

      const finished = await askAndWait(fake, 'a red fox --seed 1');
      expect(finished.attachments.length).toBeGreaterThan(0);

      const photo = fake.hostFile('photo.jpg', await heavyJpeg(), 'image/jpeg');
      const running = fake.postMessage({
        author: fake.alice,
        content: HEAVY_EDIT,
        mentionBot: true,
        attachments: [photo],
      });
      const runningReply = await waitForReplyTo(fake, running);
      const web = new PlaygroundClient(`http://127.0.0.1:${env.SCANLINE_PLAYGROUND_PORT}/`);
      await web.fetch('/api/info');
      const queuedWebJob = await web.submit({ text: 'a blue boat --seed 2' });
      const onDisk = await until(async () => {
        const records = await journalOnDisk(dataDir);
        const edit = [...records.values()].find((r) => r.text === HEAVY_EDIT);
        return edit?.state === 'running' && records.get(queuedWebJob)?.state === 'queued' ? records : undefined;
      }, 'the edit running and the playground job queued in jobs.jsonl');
      const editId = [...onDisk.values()].find((r) => r.text === HEAVY_EDIT)?.id ?? '';

      await bot.kill9();
      bot = await startBot(env);

      const told = await fake.waitFor(() => {
        const m = fake?.message(runningReply.id);
        return m?.content.includes('interrupted') ? m : undefined;
      }, 'the interrupted reply');
      expect(told.content).toContain(formatMessage('interrupted', 'en'));
      const after = await journalOnDisk(dataDir);
      expect(after.get(editId)?.state).toBe('failed');
      expect(after.get(queuedWebJob)?.state).toBe('failed');

      const rerolled = await pressReroll(fake, finished);
      expect(rerolled.content).not.toContain('no longer available');
      expect(rerolled.attachments.length).toBeGreaterThan(0);
      observe(
        `SIGKILL with the edit running and a playground job queued; after restart: edit ${after.get(editId)?.state}, playground job ${after.get(queuedWebJob)?.state}, Discord reply "${told.content.split('\n')[0]}"; Reroll of the finished job: ${rerolled.attachments.length} image(s)`,
      );
      expect(await bot.stop()).toBe(0);
    },
    240_000,
  );
});
