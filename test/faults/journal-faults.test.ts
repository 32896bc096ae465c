// Fault suite: the job journal's disk fills up while the bot runs, then space comes back.
// jobs.jsonl becomes a symlink to /dev/full (every write: ENOSPC), then the real file returns.
import { link, mkdtemp, rename, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { FakeDiscord } from '../fakes/fake-discord.js';
import { askAndWait, botEnv, journalOnDisk, pressReroll, startBot, until } from '../helpers/bot-process.js';
import { freePort, type ScanlineProcess } from '../helpers/scanline-process.js';
import { fault } from './fault-table.js';

let fake: FakeDiscord | undefined;
let bot: ScanlineProcess | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await bot?.kill9();
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const logLines = (out: string, msg: string) => out.split('\n').filter((l) => l.includes(`"msg":"${msg}`));

describe.runIf(process.platform === 'linux')('job journal on a full disk', () => {
  fault(
    'F3 journal disk full, then space freed',
    'one warning when writes fail; jobs of the outage reach jobs.jsonl with the next write, without a restart; after a restart their Reroll works',
    async (observe) => {
      fake = await FakeDiscord.start();
      dataDir = await mkdtemp(join(tmpdir(), 'scanline-journal-fault-'));
      const journal = join(dataDir, 'jobs.jsonl');
      const env = botEnv(fake, dataDir, await freePort());
      bot = await startBot(env);
      await askAndWait(fake, 'help');

      // The last job's final write may still land: keep the file under a second name, then swap
      // the symlink in atomically, so no write recreates jobs.jsonl between the two steps.
      await link(journal, `${journal}.kept`);
      await symlink('/dev/full', `${journal}.full`);
      await rename(`${journal}.full`, journal);
      const during = await askAndWait(fake, 'a green frog --seed 4');
      await askAndWait(fake, 'what can you do?');
      expect(during.attachments.length).toBeGreaterThan(0);
      const failedLines = logLines(bot.stderr, 'job journal write failed');
      expect(failedLines).toHaveLength(1);
      expect(failedLines[0]).toContain('ENOSPC');
      // Not once per job: the pipeline's own warning never fires, the journal no longer throws.
      expect(logLines(bot.stderr, 'journal write failed')).toHaveLength(0);

      // Space is back: the same file as before the outage.
      await rename(`${journal}.kept`, journal);
      await askAndWait(fake, 'help');
      const recovered = await until(
        async () => logLines(bot?.stderr ?? '', 'job journal writes again')[0],
        'the recovery log line',
      );
      const onDisk = await journalOnDisk(dataDir);
      const frog = [...onDisk.values()].find((r) => r.text === 'a green frog --seed 4');
      const chat = [...onDisk.values()].find((r) => r.text === 'what can you do?');
      expect(frog?.state).toBe('done');
      expect(chat?.state).toBe('done');
      expect(frog?.reply).toBeDefined();
      expect(recovered).toContain(frog?.id ?? 'the frog job');

      expect(await bot.stop()).toBe(0);
      bot = await startBot(env);
      const rerolled = await pressReroll(fake, during);
      expect(rerolled.content).not.toContain('no longer available');
      expect(rerolled.attachments.length).toBeGreaterThan(0);
      observe(
        `ENOSPC on every write for 2 jobs: ${failedLines.length} warning line; after the file came back the next job's write brought both to jobs.jsonl (state ${frog?.state}, ${chat?.state}) and 1 recovery line; after a restart Reroll of the outage job: ${rerolled.attachments.length} image(s)`,
      );
      expect(await bot.stop()).toBe(0);
    },
    240_000,
  );
});
