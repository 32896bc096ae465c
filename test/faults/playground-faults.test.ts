// Fault suite F5: the playground's memory under one greedy session (real runtime, real server, loopback).
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { PlaygroundClient, type RawUpload } from '../web/playground-client.js';
import { startTestPlayground, type TestPlayground } from '../web/playground-fixture.js';
import { fault } from './fault-table.js';

const MB = 1024 * 1024;
/** The default upload limit (SCANLINE_MAX_DOWNLOAD_MB=25): every body here is that big. */
const UPLOAD = 25 * MB;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let t: TestPlayground;
/** One 25 MB body shared by every upload, so the test itself adds no copies to the RSS it measures. */
let big: Uint8Array;

beforeAll(async () => {
  t = await startTestPlayground();
  big = new Uint8Array(UPLOAD).fill(7);
  big.set(PNG_MAGIC);
});

afterAll(async () => {
  await t?.close();
});

async function browser(): Promise<PlaygroundClient> {
  const client = new PlaygroundClient(t.playground.url);
  expect((await client.fetch('/api/info')).status).toBe(200);
  return client;
}

const status = async (client: PlaygroundClient, id: string) => (await client.fetch(`/files/${id}`)).status;

/** The highest RSS seen while `work` runs, sampled every few milliseconds. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    const result = await work();
    return { result, before, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(sampler);
  }
}

describe('F5 playground memory', () => {
  // First, so the RSS it measures starts from a process that has not held big images yet.
  fault(
    'F5 playground: 40 parallel 25 MB uploads from one session',
    'two bodies read at once for the session, the rest refused at once with 429, Retry-After and a sentence; server memory grows by a few uploads, not by 40',
    async (observe) => {
      const alice = await browser();
      const { result, before, peak } = await peakRss(async () => {
        const uploads: RawUpload[] = Array.from({ length: 40 }, (_, i) =>
          alice.rawUpload({ name: `burst-${i}.png`, length: UPLOAD, expectContinue: true }),
        );
        // 100 Continue comes right before the server runs the upload handler: after all 40, every one was admitted or refused.
        await Promise.all(uploads.map((u) => u.continued));
        await Promise.all(uploads.map((u) => u.end(big)));
        return Promise.all(uploads.map((u) => u.response));
      });
      const created = result.filter((r) => r.status === 201).length;
      const refused = result.filter((r) => r.status === 429);
      expect(created).toBe(2);
      expect(refused).toHaveLength(38);
      for (const r of refused) {
        expect(r.headers['retry-after']).toBe('2');
        expect(JSON.parse(r.body)).toMatchObject({
          error: { code: 'uploads_busy', message: expect.stringMatching(/^Too many images are arriving at once/) },
        });
      }
      const growth = Math.round((peak - before) / MB);
      // Generous: before the bound, 40 bodies were buffered at once (about 1.1 GB more RSS).
      expect(growth).toBeLessThan(500);
      observe(
        `${created} stored (201), ${refused.length} refused 429 (Retry-After: 2, "Too many images are arriving at once…"); test-process RSS peak growth ${growth} MB for 1000 MB sent`,
      );
    },
    180_000,
  );

  fault(
    "F5 playground: one session uploads 11 × 25 MB while another session's image is open",
    "every upload is stored; the uploader keeps only its newest images within its 100 MB share; the other session's image stays readable",
    async (observe) => {
      const [bob, alice] = [await browser(), await browser()];
      const bobs = await bob.uploadId(big, 'bob.png');
      const alices: string[] = [];
      for (let i = 0; i < 11; i++) alices.push(await alice.uploadId(big, `alice-${i}.png`));
      const kept = await Promise.all(alices.map((id) => status(alice, id)));
      const bobAfter = await bob.fetch(`/files/${bobs}`);
      const bobBytes = (await bobAfter.arrayBuffer()).byteLength;
      expect(bobAfter.status).toBe(200);
      expect(bobBytes).toBe(UPLOAD);
      const keptCount = kept.filter((s) => s === 200).length;
      expect(keptCount).toBe(4);
      expect(kept.slice(-4)).toEqual([200, 200, 200, 200]);
      observe(
        `11/11 uploads stored (201); the uploader keeps its newest ${keptCount} (${keptCount * 25} MB), older ones 404 to it; the other session's image: ${bobAfter.status}, ${bobBytes / MB} MB intact`,
      );
    },
    120_000,
  );

  fault(
    'F5 playground: an upload over the 25 MB limit (declared 30 MB; and 30+ MB streamed without a length)',
    '413 with the size sentence before the body is kept: a declared size is refused before a body byte is sent, a streamed body is cut off at the limit while it still arrives',
    async (observe) => {
      const alice = await browser();
      const declared = alice.rawUpload({ name: 'huge.png', length: 30 * MB });
      const declaredAnswer = await declared.response;
      const sentBeforeAnswer = declared.sent;
      declared.destroy();
      expect(declaredAnswer.status).toBe(413);
      expect(sentBeforeAnswer).toBe(0);
      expect(JSON.parse(declaredAnswer.body)).toEqual({
        error: {
          code: 'file_too_large',
          message: 'The file "huge.png" is larger than 25 MB. Please send a smaller file.',
        },
      });

      const chunk = big.subarray(0, 256 * 1024);
      // Node ends the connection once it has answered an unfinished body; a client still writing at that moment
      // may meet EPIPE/ECONNRESET before it has read the 413 (a transport race, not the refusal under test): try again.
      let streamed = alice.rawUpload({ name: 'endless.png' });
      let streamedAnswer: Awaited<typeof streamed.response> | undefined;
      for (let attempt = 1; !streamedAnswer; attempt += 1) {
        if (attempt > 1) streamed = alice.rawUpload({ name: 'endless.png' });
        while (!streamed.answered && streamed.sent < 100 * MB) await streamed.write(chunk);
        streamedAnswer = await streamed.response.catch((error: NodeJS.ErrnoException) => {
          if (attempt >= 3 || (error.code !== 'EPIPE' && error.code !== 'ECONNRESET')) throw error;
          return undefined;
        });
      }
      const streamedSent = streamed.sent;
      await streamed.end();
      expect(streamedAnswer.status).toBe(413);
      expect(streamed.answered).toBe(true);
      expect(streamedSent).toBeLessThan(100 * MB);
      // Nothing of either body was kept: the session can still store a full-size image.
      expect((await alice.upload(big, 'fits.png')).status).toBe(201);
      observe(
        `declared 30 MB: 413 after ${sentBeforeAnswer} body bytes sent; streamed: 413 while still sending, after ${Math.round(streamedSent / MB)} MB; a 25 MB upload right after: 201`,
      );
    },
    120_000,
  );
});
