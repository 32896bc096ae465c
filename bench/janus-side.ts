// One side of the Janus bench, in its own process so peak RSS is its own:
// `ours` (Scanline's runner) or `peer` (transformers.js generate_images), on
// the tiny pack in models/janus-tiny. Prints one JSON line.
import { fileURLToPath } from 'node:url';
import { createJanusRunners } from '../src/engine/janus/index.js';
import type { EngineResult, GenerateTaskMeta } from '../src/engine/types.js';
import { janusPack, MAIN_PACK_DIR } from '../test/helpers/engine/janus-packs.js';
import { cpuSessions, packLookup, testContext } from '../test/helpers/ocr-pack.js';

const RUNS = 3;
const PROMPT = 'a red fox in snow';
const THREADS = 2;

interface Run {
  ms: number;
  tokens: number;
  previewMs: number;
  firstPreviewMs?: number;
  previews: number;
}

async function ours(previews: boolean): Promise<Run[]> {
  const pack = janusPack(MAIN_PACK_DIR);
  const [generate] = createJanusRunners();
  const runs: Run[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const ctx = testContext(packLookup([pack]), cpuSessions(THREADS));
    const t = performance.now();
    const result = (await generate!.run(
      { images: [], prompt: PROMPT, options: { seed: i, previews } },
      ctx,
    )) as EngineResult<'generate'> & { meta: GenerateTaskMeta };
    const ms = performance.now() - t;
    // The first run loads the sessions: it is the warm-up, not measured.
    if (i === 0) continue;
    runs.push({
      ms,
      tokens: result.meta.imageTokens,
      previewMs: result.timingsMs['previews'] ?? 0,
      ...(result.timingsMs['firstPreview'] !== undefined ? { firstPreviewMs: result.timingsMs['firstPreview'] } : {}),
      previews: result.meta.previews,
    });
  }
  await generate!.dispose?.();
  return runs;
}

async function peer(): Promise<Run[]> {
  const { AutoProcessor, MultiModalityCausalLM, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = fileURLToPath(new URL('../models/', import.meta.url));
  const processor = await AutoProcessor.from_pretrained('janus-tiny');
  const model = await MultiModalityCausalLM.from_pretrained('janus-tiny', {
    dtype: 'fp32',
    device: 'cpu',
    session_options: { intraOpNumThreads: THREADS, interOpNumThreads: 1 },
  });
  const numImageTokens = (processor as unknown as { num_image_tokens: number }).num_image_tokens;
  const runs: Run[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const inputs = await processor([{ role: '<|User|>', content: PROMPT }], { chat_template: 'text_to_image' });
    const t = performance.now();
    await (model as unknown as { generate_images(o: object): Promise<unknown[]> }).generate_images({
      ...inputs,
      min_new_tokens: numImageTokens,
      max_new_tokens: numImageTokens,
      do_sample: true,
      guidance_scale: 5,
    });
    const ms = performance.now() - t;
    if (i > 0) runs.push({ ms, tokens: numImageTokens, previewMs: 0, previews: 0 });
  }
  return runs;
}

const side = process.argv[2];
const runs = side === 'peer' ? await peer() : await ours(side !== 'ours-no-previews');
console.log(JSON.stringify({ side, runs, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
