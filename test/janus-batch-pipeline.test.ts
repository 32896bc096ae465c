// Batching through the whole pipeline: drawings asked by three users at once
// start together in one device slot (scheduler batch) and one Janus batch
// (worker), and reply with the same PNG bytes as when the same requests run
// one at a time.
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/index.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { Scheduler } from '../src/pipeline/scheduler/scheduler.js';
import type { JobEvent } from '../src/pipeline/types.js';
import { makeRequest } from './helpers/make-request.js';
import { RecordingSink } from './helpers/recording-sink.js';

const silent = pino({ level: 'silent' });
const CAPS = { perUser: 3, perChannel: 10, global: 50 };
const ASKS = ['draw a red fox in snow --seed 11', 'draw a lighthouse at night --seed 12', 'draw rain --seed 13'];
let engine: Engine;

beforeAll(async () => {
  engine = await Engine.start(
    { device: 'cpu', intraOpThreads: 1, spinning: false, modelsDirs: [], batch: { maxJobs: 4, cacheMb: 256 } },
    () => undefined,
  );
});
afterAll(async () => {
  await engine?.close();
});

/** Submits every ask at once (three users) and returns each reply's PNG digest, with the log of started/ended. */
async function drawAll(batchMax: number): Promise<{ digests: string[]; order: string[] }> {
  const scheduler = new Scheduler({
    concurrency: 1,
    caps: CAPS,
    batch: { maxJobs: batchMax, keys: engine.batchingTasks },
  });
  const pipeline = new Pipeline({ engine, scheduler, maxPixels: 40_000_000, log: silent });
  const order: string[] = [];
  const sinks = ASKS.map(() => new RecordingSink());
  const handles = ASKS.map((text, i) => {
    const sink = sinks[i]!;
    const open = sink.open.bind(sink);
    const update = sink.update.bind(sink);
    const note = (event: JobEvent): void => {
      if (event.type === 'started') order.push(`started ${i}`);
    };
    sink.open = (event, view) => (note(event), open(event, view));
    sink.update = (event, view) => (note(event), update(event, view));
    void sink.ended.then(() => order.push(`ended ${i}`));
    return pipeline.submit(makeRequest({ text, from: { userId: `user-${i}` } }), sink);
  });
  expect(handles.map((h) => h.plan.task)).toEqual(['generate', 'generate', 'generate']);
  expect(await Promise.all(handles.map((h) => h.done))).toEqual(['done', 'done', 'done']);
  const digests = await Promise.all(
    sinks.map(async (sink) => {
      const done = (await sink.ended) as Extract<JobEvent, { type: 'done' }>;
      return createHash('sha256').update(done.images[0]!.data).digest('hex');
    }),
  );
  await scheduler.close();
  return { digests, order };
}

describe('batching through the pipeline', () => {
  it('starts three drawings together and replies with the bytes they have one at a time', async () => {
    expect(engine.batchingTasks).toContain('generate');
    const alone = await drawAll(1);
    expect(alone.order.slice(0, 2)).toEqual(['started 0', 'ended 0']);
    const batched = await drawAll(4);
    expect(batched.order.slice(0, 3).sort()).toEqual(['started 0', 'started 1', 'started 2']);
    expect(batched.digests).toEqual(alone.digests);
  });
});
