import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import type { EngineInputs, EngineProgress, RawImage, SafetyScores } from '../../engine/index.js';
import { DEFAULT_SAFETY } from '../settings/server-settings.js';
import type { EngineClient } from '../tasks/task-handler.js';
import type { EncodedImage, Requester, SinkBudget } from '../types.js';
import { SafetyGate, screenedEngine, type WorkSafety } from './safety-gate.js';

const clean: SafetyScores = { drawing: 0.02, hentai: 0.01, neutral: 0.95, porn: 0.01, sexy: 0.01 };
const porn: SafetyScores = { drawing: 0, hentai: 0.02, neutral: 0.05, porn: 0.91, sexy: 0.02 };
const sexy: SafetyScores = { drawing: 0, hentai: 0.01, neutral: 0.2, porn: 0.09, sexy: 0.7 };
const discord: SinkBudget = { minIntervalMs: 1200, maxFileBytes: 1 << 20, previewMime: 'image/webp', spoilers: true };
const slack: SinkBudget = { minIntervalMs: 2500, maxFileBytes: 1 << 20, previewMime: 'image/jpeg' };
const channel: Requester = { platform: 'discord', userId: 'u1', channelId: 'c1', guildId: 'g1', isDM: false };
const pixel: RawImage = { data: new Uint8Array(3), width: 1, height: 1, channels: 3 };
const file = (name: string, safety?: SafetyScores): EncodedImage => ({
  data: new Uint8Array([1]),
  mime: 'image/png',
  width: 1,
  height: 1,
  name,
  ...(safety ? { safety } : {}),
});

function gate(opts: { from?: Requester; budget?: SinkBudget; locale?: 'en' | 'zh' } = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const g = new SafetyGate({
    safety: { ...DEFAULT_SAFETY },
    from: opts.from ?? channel,
    locale: opts.locale ?? 'en',
    budget: opts.budget ?? discord,
    log: pino({ level: 'info' }, sink).child({ job: 'job-1' }),
  });
  return { g, lines };
}

/** An engine that reports the given progress steps, then answers (or throws). */
function engine(steps: EngineProgress[], answer: () => unknown) {
  const seen: EngineInputs[] = [];
  const client: EngineClient = {
    run: async (_task, inputs, opts) => {
      seen.push(inputs);
      for (const p of steps) opts?.onProgress?.(p);
      return answer() as never;
    },
  };
  return { client, seen };
}

describe('SafetyGate', () => {
  it('asks the worker to screen every run, refusing flagged inputs only where adult content is not allowed', async () => {
    const { g } = gate();
    const e = engine([], () => ({ timingsMs: {} }));
    await screenedEngine(e.client, g.workSafety()).run('generate', { images: [], prompt: 'a cat' });
    expect(e.seen[0]?.safety).toEqual({ refuseInputsAt: 0.6, previewIntervalMs: 1200 });
    const adult = gate({ from: { ...channel, ageRestricted: true } });
    // The screening is plain data: it survives the trip to a `scanline worker` through Redis.
    const wire = JSON.parse(JSON.stringify(adult.g.workSafety())) as WorkSafety;
    await screenedEngine(e.client, wire).run('generate', { images: [], prompt: 'a cat' });
    expect(e.seen[1]?.safety).toEqual({ previewIntervalMs: 1200 });
  });

  it('drops preview frames it would not post, keeping the step, and counts them', async () => {
    const { g, lines } = gate();
    const shown: EngineProgress[] = [];
    const e = engine(
      [
        { fraction: 0.25, image: pixel, safety: clean },
        { fraction: 0.5, image: pixel, safety: porn },
        { fraction: 0.75, image: pixel, safety: sexy },
        { fraction: 0.9, text: 'almost' },
      ],
      () => ({ timingsMs: {} }),
    );
    const screened: EngineProgress[] = [];
    // Where the work runs (here or on a worker), the screened engine drops them before the handler sees them...
    await screenedEngine(e.client, g.workSafety()).run(
      'generate',
      { images: [] },
      { onProgress: (p) => screened.push(p) },
    );
    // ...and the gate drops (and counts) them again where the reply is made.
    await e.client.run('generate', { images: [] }, { onProgress: (p) => shown.push(g.preview(p)) });
    const steps = [
      [0.25, true],
      [0.5, false],
      [0.75, false],
      [0.9, false],
    ];
    expect(screened.map((p) => [p.fraction, p.image !== undefined])).toEqual(steps);
    expect(shown.map((p) => [p.fraction, p.image !== undefined])).toEqual(steps);
    g.finals([]);
    expect(lines.find((l) => l['msg'] === 'safety previews hidden')).toMatchObject({
      job: 'job-1',
      safety: { previewsHidden: 2 },
    });
  });

  it('logs a refused input, and lets the refusal through to the user', async () => {
    const { g, lines } = gate();
    const refusal = new ScanlineError('input_unsafe', { name: 'a.png', label: 'porn', score: '0.91' });
    const e = engine([], () => {
      throw refusal;
    });
    await expect(screenedEngine(e.client, g.workSafety()).run('edit', { images: [] })).rejects.toBe(refusal);
    g.noteRefusal(refusal);
    expect(lines.find((l) => l['msg'] === 'safety decision')).toMatchObject({
      job: 'job-1',
      safety: { action: 'refuse_input', input: 'a.png' },
    });
    expect(refusal.userMessage('zh')).toContain('a.png');
  });

  it('withholds a flagged final with the reason in the user language, and logs the scores', () => {
    for (const locale of ['en', 'zh'] as const) {
      const { g, lines } = gate({ locale });
      let error: unknown;
      try {
        g.finals([file('out.png', porn)]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScanlineError);
      const refused = error as ScanlineError;
      expect(refused.code).toBe('safety_withheld');
      const said = refused.userMessage(locale);
      expect(said).toContain('porn 0.91');
      expect(said).toMatch(locale === 'en' ? /age-restricted channel/ : /年龄限制频道/);
      expect(lines[0]).toMatchObject({ job: 'job-1', safety: { action: 'withhold', image: 0 } });
      expect(String((lines[0]!['safety'] as { scores: string }).scores)).toContain('porn 0.91');
    }
  });

  it('blurs a borderline final on Discord and withholds it where nothing can blur (Slack), saying why', () => {
    const onDiscord = gate().g.finals([file('out.png', sexy)]);
    expect(onDiscord.images[0]?.spoiler).toBe(true);
    expect(onDiscord.notes[0]).toContain('sexy 0.70');
    const onSlack = gate({ from: { ...channel, platform: 'slack' }, budget: slack });
    expect(() => onSlack.g.finals([file('out.png', sexy)])).toThrow(/can't blur images here/);
  });

  it('posts clean and unscored finals as they are, and says how many of several were held back', () => {
    const { g } = gate();
    expect(g.finals([file('a.png', clean), file('b.png')]).images.map((i) => i.name)).toEqual(['a.png', 'b.png']);
    const mixed = gate().g.finals([file('a.png', clean), file('b.png', porn)]);
    expect(mixed.images.map((i) => i.name)).toEqual(['a.png']);
    expect(mixed.notes[0]).toMatch(/did not post 1 of the pictures/);
    const adult = gate({ from: { ...channel, ageRestricted: true } }).g.finals([file('b.png', porn)]);
    expect(adult.images).toHaveLength(1);
  });
});
