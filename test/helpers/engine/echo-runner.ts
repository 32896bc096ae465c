// A test-only task runner, loaded into the real inference worker through
// `Engine.start(..., { runnerModules })`. It passes the image through a real
// ORT Identity session, and its script (JSON in the prompt, since the worker
// checks `options` against the ocr schema) plays the cases the engine must
// survive: slow steps (cancel), failures, crashes, and a heavy real model.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { ScanlineError } from '../../../src/common/errors.js';
import { identityModel } from '../../../src/engine/identity-model.js';
import type { TaskContext, TaskRunner } from '../../../src/engine/task-runner.js';
import type { EngineInputs, EngineResult, RawImage } from '../../../src/engine/types.js';

/** What the prompt may ask of the echo runner. */
export interface EchoOptions {
  /** Blocking steps to run, each `stepMs` long, with throwIfAborted between them. */
  steps?: number;
  stepMs?: number;
  /** Answer with how many steps the previous run completed (to prove a cancel stopped it). */
  report?: boolean;
  fail?: 'scanline' | 'plain';
  crash?: 'exit' | 'uncaught';
  /** Run the real PaddleOCR det model on an NxN input this many times. */
  detSize?: number;
  detRuns?: number;
}

/** Inputs of an `ocr` run that the echo runner plays as `script`. */
export function echoInputs(script: EchoOptions, images: RawImage[] = []): EngineInputs<'ocr'> {
  return { images, prompt: JSON.stringify(script) };
}

export function createRunner(): TaskRunner<'ocr'> {
  let dir: string | undefined;
  let identity: Promise<InferenceSession> | undefined;
  let det: Promise<InferenceSession> | undefined;
  let lastSteps = 0;

  function identitySession(ctx: TaskContext): Promise<InferenceSession> {
    if (!identity) {
      // The factory takes paths, so the in-memory graph goes through a temp file once.
      dir = mkdtempSync(join(tmpdir(), 'scanline-echo-'));
      const file = join(dir, 'identity.onnx');
      writeFileSync(file, identityModel({ elemType: 'uint8', dims: ['n'] }));
      identity = ctx.sessions.create(file);
    }
    return identity;
  }

  return {
    task: 'ocr',
    async run(inputs: EngineInputs<'ocr'>, ctx: TaskContext): Promise<EngineResult<'ocr'>> {
      const o = JSON.parse(inputs.prompt || '{}') as EchoOptions;
      if (o.report) return { text: String(lastSteps), timingsMs: {} };
      if (o.fail === 'scanline') throw new ScanlineError('model_missing', { task: 'ocr', pack: 'ppocr-v4' });
      if (o.fail === 'plain') throw new Error('echo runner failed on purpose');
      if (o.crash === 'exit') process.exit(3);
      if (o.crash === 'uncaught') {
        setTimeout(() => {
          throw new Error('echo runner crashed on purpose');
        });
        return new Promise<EngineResult<'ocr'>>(() => {});
      }

      const timingsMs: Record<string, number> = {};
      if (o.detSize) {
        const t = performance.now();
        const pack = ctx.packs.find('ocr');
        if (!pack) throw new ScanlineError('model_missing', { task: 'ocr', pack: 'ppocr-v4' });
        det ??= ctx.sessions.create(pack.file('det'));
        const session = await det;
        const size = o.detSize;
        const x = new Tensor('float32', new Float32Array(3 * size * size).fill(0.5), [1, 3, size, size]);
        for (let i = 0; i < (o.detRuns ?? 1); i++) {
          ctx.throwIfAborted();
          await session.run({ x });
        }
        timingsMs['det'] = performance.now() - t;
      }

      lastSteps = 0;
      for (let i = 0; i < (o.steps ?? 0); i++) {
        ctx.throwIfAborted();
        // Busy-wait: stands for a synchronous ORT run that starves the event loop.
        const end = Date.now() + (o.stepMs ?? 10);
        while (Date.now() < end);
        lastSteps = i + 1;
        ctx.progress({ fraction: (i + 1) / (o.steps ?? 1), text: `step ${i + 1}` });
      }
      ctx.throwIfAborted();

      const session = await identitySession(ctx);
      const images = [];
      for (const image of inputs.images) {
        const out = await session.run({ x: new Tensor('uint8', image.data, [image.data.length]) });
        const y = out['y'];
        if (!(y instanceof Tensor)) throw new Error('identity output missing');
        images.push({ ...image, data: new Uint8Array(y.data as Uint8Array) });
      }
      const first = images[0];
      if (first) ctx.progress({ fraction: 1, image: { ...first, data: first.data.slice() } });
      return { text: `echo ${images.length}`, images, timingsMs };
    },
    async dispose() {
      await (await identity)?.release();
      await (await det)?.release();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
