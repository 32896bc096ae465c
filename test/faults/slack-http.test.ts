// Fault suite F1: hostile and replayed requests against the public Slack endpoint (HTTP mode),
// the real Bolt app behind its guard, talking to the fake Slack, with the real pipeline and engine.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import { fault } from './fault-table.js';
import {
  ALICE,
  CHANNEL,
  SIGNING_SECRET,
  TEAM,
  blockText,
  silent,
  startHarness,
  testConfig,
  waitFor,
  type SlackHarness,
} from '../fakes/slack/harness.js';
import { drip, head, postBig, rawConnection } from '../fakes/slack/raw-http.js';
import { appMention, eventCallback, postSigned, slackSignature, slashCommand } from '../fakes/slack/slack-requests.js';

const MiB = 1024 * 1024;
// Shorter timeouts so the slow-client rows finish quickly; the defaults are 5 s and 10 s.
const LIMITS = { headersTimeoutMs: 1000, requestTimeoutMs: 2000 };

let runtime: Runtime;
let h: SlackHarness;

beforeAll(async () => {
  runtime = await startRuntime(testConfig(), silent);
  h = await startHarness(runtime, 'http', {}, { httpLimits: LIMITS });
});
afterAll(async () => {
  await h?.close();
  await runtime?.close();
});

/** Runs `work` while sampling this process's RSS; returns its result and the peak growth in MiB. */
async function withRss<T>(work: () => Promise<T>): Promise<{ result: T; growthMiB: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMiB: (peak - before) / MiB };
  } finally {
    clearInterval(timer);
  }
}

const mib = (bytes: number) => (bytes / MiB).toFixed(1);

/** The bot's threaded reply once it shows a final state. */
const finalReply = (channel: string, thread: string) =>
  waitFor(() => {
    const m = h.fake.messages.find((x) => x.channel === channel && x.thread_ts === thread && x.blocks);
    return m && /Done in|failed|Sorry/i.test(blockText(m.blocks).split('\n')[0] ?? '') ? m : undefined;
  }, `final reply in ${thread}`);

describe('F1 Slack HTTP', () => {
  fault(
    'F1 Slack HTTP: unsigned 64 MB POST with Content-Length',
    '413 from the headers alone, connection closed before the client finishes, RSS grows under 32 MB',
    async (observe) => {
      const total = 64 * MiB;
      const { result: r, growthMiB } = await withRss(() => postBig(h.eventsUrl, total));
      observe(
        `${r.status} after ${r.answeredMs.toFixed(0)} ms; client sent ${mib(r.bytesSent)} of 64 MiB before the close; RSS +${growthMiB.toFixed(1)} MiB (before the guard: 401 after ~1.8 s, +196 MiB)`,
      );
      expect(r.status).toBe(413);
      expect(r.finishedSending).toBe(false);
      expect(growthMiB).toBeLessThan(32);
    },
  );

  fault(
    'F1 Slack HTTP: unsigned 64 MB chunked POST, no Content-Length',
    '413 as soon as the streamed bytes pass the 1 MiB cap, connection closed, RSS flat',
    async (observe) => {
      const total = 64 * MiB;
      const { result: r, growthMiB } = await withRss(() => postBig(h.eventsUrl, total, { chunked: true }));
      observe(
        `${r.status} after ${r.answeredMs.toFixed(0)} ms; client sent ${mib(r.bytesSent)} of 64 MiB before the close; RSS +${growthMiB.toFixed(1)} MiB`,
      );
      expect(r.status).toBe(413);
      expect(r.finishedSending).toBe(false);
      expect(growthMiB).toBeLessThan(32);
    },
  );

  fault(
    'F1 Slack HTTP: Content-Length says 1 KB, then 64 MB follow on the same connection',
    'only the declared 1 KB is read as a body; the bytes after it fail to parse: 400 and the connection closed',
    async (observe) => {
      const total = 64 * MiB;
      const { result, growthMiB } = await withRss(async () => {
        const c = await rawConnection(h.eventsUrl);
        c.socket.write(head('/slack/events', { 'content-type': 'application/json', 'content-length': '1024' }));
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        while (sent < total && !c.isClosed()) {
          sent += chunk.length;
          if (!c.socket.write(chunk)) {
            await Promise.race([new Promise((r) => c.socket.once('drain', r)), c.closed]);
          }
        }
        await c.closed;
        return { sent, statuses: c.received().match(/HTTP\/1\.1 \d+/g) ?? [] };
      });
      observe(
        `answers ${result.statuses.join(', ')}; client wrote ${mib(result.sent)} of 64 MiB before the close; RSS +${growthMiB.toFixed(1)} MiB`,
      );
      expect(result.statuses).toContain('HTTP/1.1 400');
      expect(result.sent).toBeLessThan(total);
      expect(growthMiB).toBeLessThan(32);
    },
  );

  fault(
    'F1 Slack HTTP: 4 parallel unsigned 400 MB POSTs',
    'each gets 413 and is closed; RSS stays flat (was a 3.5 GB peak)',
    async (observe) => {
      const total = 400 * MiB;
      const { result, growthMiB } = await withRss(() =>
        Promise.all([0, 1, 2, 3].map((i) => postBig(h.eventsUrl, total, { chunked: i % 2 === 1 }))),
      );
      observe(
        `statuses ${result.map((r) => r.status).join(', ')}; clients sent ${result.map((r) => mib(r.bytesSent)).join(', ')} MiB of 400; RSS +${growthMiB.toFixed(1)} MiB`,
      );
      expect(result.map((r) => r.status)).toEqual([413, 413, 413, 413]);
      expect(result.every((r) => !r.finishedSending)).toBe(true);
      expect(growthMiB).toBeLessThan(64);
    },
  );

  fault(
    'F1 Slack HTTP: 60 connections drip their headers a byte every 50 ms',
    'every one is answered 408 and closed by the headers timeout (1 s here, 5 s by default)',
    async (observe) => {
      const results = await Promise.all(
        Array.from({ length: 60 }, () =>
          drip(h.eventsUrl, 'POST /slack/events HTTP/1.1\r\n', `X-Slack-Signature: v0=${'a'.repeat(200)}\r\n`, 50),
        ),
      );
      const closed = results.filter((r) => r.closedByServer).length;
      const maxDripped = Math.max(...results.map((r) => r.dripped));
      observe(`${closed}/60 closed by the server, ${results[0]?.statusLine}; at most ${maxDripped} bytes dripped`);
      expect(closed).toBe(60);
      expect(results.every((r) => r.statusLine === 'HTTP/1.1 408 Request Timeout')).toBe(true);
    },
  );

  fault(
    'F1 Slack HTTP: a signed request drips its body a byte every 50 ms',
    'answered 408 and closed by the request timeout (2 s here, 10 s by default); nothing runs',
    async (observe) => {
      const body = JSON.stringify(
        eventCallback(TEAM, appMention({ channel: CHANNEL, user: ALICE, text: 'hi', ts: '1' })),
      );
      const ts = Math.floor(Date.now() / 1000);
      const r = await drip(
        h.eventsUrl,
        head('/slack/events', {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body),
        }),
        body,
        50,
      );
      observe(`${r.statusLine}, closed after ${r.dripped} of ${body.length} body bytes`);
      expect(r.closedByServer).toBe(true);
      expect(r.statusLine).toBe('HTTP/1.1 408 Request Timeout');
      expect(r.dripped).toBeLessThan(body.length);
    },
  );

  fault(
    'F1 Slack HTTP: a signed app_mention dated 10 minutes in the future',
    '401 before the body is read; no reply (Bolt alone accepted it)',
    async (observe) => {
      const ts = h.fake.nextTs();
      const body = JSON.stringify(
        eventCallback(TEAM, appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> help', ts })),
      );
      const future = await postSigned(h.eventsUrl, body, {
        secret: SIGNING_SECRET,
        timestamp: Math.floor(Date.now() / 1000) + 600,
      });
      // A mention sent after it is answered: by then a run of the refused one would have replied too.
      const laterTs = h.fake.nextTs();
      await postSigned(
        h.eventsUrl,
        JSON.stringify(
          eventCallback(TEAM, appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> help', ts: laterTs })),
        ),
        { secret: SIGNING_SECRET },
      );
      await waitFor(() => h.fake.messages.find((m) => m.thread_ts === laterTs), 'the later mention answered');
      const replies = h.fake.messages.filter((m) => m.thread_ts === ts).length;
      observe(`${future.status}; ${replies} replies to it, the in-window mention after it was answered`);
      expect(future.status).toBe(401);
      expect(replies).toBe(0);
    },
  );

  fault(
    'F1 Slack HTTP: a signed /imagine posted twice with the same signature',
    'both acknowledged with 200, one job runs (the copy is logged as a replay)',
    async (observe) => {
      const channel = 'C0REPLAY';
      const form = new URLSearchParams(
        slashCommand({
          team: TEAM,
          channel,
          user: ALICE,
          text: 'a red kite --seed 5',
          responseUrl: `${h.fake.base}/response/replay`,
        }),
      ).toString();
      const ts = Math.floor(Date.now() / 1000);
      const first = await postSigned(h.eventsUrl, form, { secret: SIGNING_SECRET, contentType: 'form', timestamp: ts });
      const second = await postSigned(h.eventsUrl, form, {
        secret: SIGNING_SECRET,
        contentType: 'form',
        timestamp: ts,
      });
      const top = () => h.fake.messages.filter((m) => m.channel === channel && !m.thread_ts && m.user === 'U0BOT');
      await waitFor(() => top().some((m) => /Done in/.test(blockText(m.blocks))), 'the job finished');
      observe(`${first.status} then ${second.status}; ${top().length} job(s) posted in the channel`);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(top()).toHaveLength(1);
    },
  );

  fault(
    'F1 Slack HTTP: a signed app_mention of normal size',
    'answered end to end: threaded reply, generated image shared',
    async (observe) => {
      const ts = h.fake.nextTs();
      const res = await postSigned(
        h.eventsUrl,
        JSON.stringify(
          eventCallback(
            TEAM,
            appMention({ channel: CHANNEL, user: ALICE, text: '<@U0BOT> draw a green pear --seed 2', ts }),
          ),
        ),
        { secret: SIGNING_SECRET },
      );
      const reply = await finalReply(CHANNEL, ts);
      const shared = h.fake.messages.some((m) => m.thread_ts === ts && m.files);
      observe(`${res.status}; reply "${blockText(reply.blocks).split('\n')[0]}", image shared: ${shared}`);
      expect(res.status).toBe(200);
      expect(blockText(reply.blocks)).toMatch(/Done in/);
      expect(shared).toBe(true);
    },
  );
});
