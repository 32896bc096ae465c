// The annotation handlers with the real runners (in this thread) on real photos.
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadPhoto } from '../../../test/fixtures/photos/photos.js';
import { createDetectRunner } from '../../engine/detect/index.js';
import { inThreadEngine } from '../../../test/helpers/engine/vision-context.js';
import { FIXTURES, fixturePack, withPacks } from '../../../test/helpers/engine/mask-packs.js';
import { createEdgesRunner, createSegmentRunner } from '../../engine/vision/index.js';
import type { EngineProgress, RawImage } from '../../engine/types.js';
import type { Locale, Plan, Task } from '../types.js';
import { countSummary, detectTask, edgesTask, labelName, segmentTask } from './annotate-tasks.js';
import type { TaskContext } from './task-handler.js';

const engine = inThreadEngine([
  createDetectRunner(),
  createSegmentRunner({ findIsNet: () => undefined }),
  createEdgesRunner(),
]);

function context(
  task: Task,
  prompt: string,
  image: RawImage,
  locale: Locale = 'en',
  on: typeof engine = engine,
): TaskContext {
  const plan: Plan = { task, prompt, steps: [], params: {}, locale, hints: [] };
  const progress: EngineProgress[] = [];
  return {
    plan,
    images: [image],
    engine: on,
    signal: new AbortController().signal,
    progress: (p) => progress.push(p),
    maxFileBytes: 8 * 1024 * 1024,
  };
}

describe('countSummary', () => {
  const regions = [{ label: 'dog' }, { label: 'bicycle' }, { label: 'dog' }];
  it('counts in English and Chinese with measure words', () => {
    expect(countSummary(regions, 'en')).toBe('2 dogs, 1 bicycle');
    expect(countSummary(regions, 'zh')).toBe('2 只狗、1 辆自行车');
    expect(countSummary([{ label: 'person' }, { label: 'person' }], 'en')).toBe('2 people');
    expect(labelName('cup', 'zh')).toBe('杯子');
  });
});

describe('detect handler', () => {
  it('labels the person with a box in pixels and 0-1000 and draws it', async () => {
    const photo = await loadPhoto('astronaut.jpg');
    const out = await detectTask.run(context('detect', '', photo));
    expect(out.annotations?.[0]).toMatchObject({ kind: 'object', label: 'person' });
    const a = out.annotations![0]!;
    expect(Math.abs(a.box1000[2] - (a.box[2] * 1000) / 400)).toBeLessThanOrEqual(2);
    expect(out.text?.split('\n')[0]).toBe('1 person');
    expect(out.images[0]).toMatchObject({ mime: 'image/png', width: 400, height: 400 });
    // The drawn image differs from the photo (outlines were drawn).
    const drawn = await sharp(Buffer.from(out.images[0]!.data)).raw().toBuffer();
    expect(Buffer.compare(drawn, Buffer.from(photo.data))).not.toBe(0);
  });

  it('answers in Chinese, and says when the target is not there', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const zh = await detectTask.run(context('detect', '杯子', photo, 'zh'));
    // The cup scores 0.37, below the calibrated floor (MAYBE_BELOW): counted and listed as "maybe".
    expect(zh.text?.split('\n')[0]).toBe('可能有 1 个杯子');
    expect(zh.text?.split('\n')[1]).toMatch(/^1\. 可能是杯子（\d+%）$/);
    expect(zh.annotations?.[0]).toMatchObject({ label: 'cup', maybe: true });
    const none = await detectTask.run(context('detect', 'giraffe', photo));
    expect(none.text).toBe('I found no giraffe in this image.');
    expect(none.annotations).toEqual([]);
  });
});

describe('segment and edges handlers', () => {
  it('segment gives the overlay and the PNG mask', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const out = await segmentTask.run(context('segment', 'cup', photo));
    expect(out.images.map((i) => [i.name, i.mime])).toEqual([
      ['scanline-segment.png', 'image/png'],
      ['scanline-mask.png', 'image/png'],
    ]);
    expect(out.text).toMatch(/^Selected: maybe a cup \(detector confidence \d+%\)\.$/);
    expect(out.annotations?.[0]).toMatchObject({ kind: 'mask', label: 'cup', maybe: true });
    // GrabCut took the saucer with the cup: the reply says the cut-out is rough and what would do better.
    expect(out.notes?.[0]).toMatch(/^The cut-out is rough \(.+\)\.$/);
    expect(out.notes?.[1]).toBe('For cleaner cut-outs run “npx scanline models pull slimsam-77”.');
  });

  it('segment the cat on a close-up the detector scores higher as a dog on the same box: the dog box, said', async () => {
    const photo = await loadPhoto('chelsea-cat.jpg');
    const out = await segmentTask.run(context('segment', 'cat', photo));
    expect(out.text).toMatch(/^This looks like a dog to me \(\d+%\); I used it as the cat\.$/);
    expect(out.annotations?.[0]).toMatchObject({ kind: 'mask', label: 'dog', maybe: true });
    const zh = await segmentTask.run(context('segment', '猫', photo, 'zh'));
    expect(zh.text).toMatch(/^在我看来这像是狗（\d+%）；我把它当作猫了。$/);
  });

  it('segment with pulled mask packs names the pack; a broken pack is named with the command that checks it', async () => {
    const photo = await loadPhoto('coffee-cup.jpg');
    const withSam = inThreadEngine(
      [createSegmentRunner({ findIsNet: () => undefined })],
      withPacks(fixturePack('slimsam-tiny')),
    );
    const out = await segmentTask.run(context('segment', 'cup', photo, 'en', withSam));
    const notes = out.notes ?? [];
    // The tiny SAM's predicted IoU is random: either the pack and its confidence, or "rough" with nothing to pull.
    if (notes.some((n) => n.startsWith('The cut-out is rough')))
      expect(notes.join(' ')).not.toMatch(/models pull|IS-Net/);
    else
      expect(notes).toContainEqual(expect.stringMatching(/^Cut out by the slimsam-tiny pack \(\d+% confidence\)\.$/));

    const dir = join(mkdtempSync(join(tmpdir(), 'scanline-broken-')), 'birefnet-tiny');
    cpSync(join(FIXTURES, 'birefnet-tiny'), dir, { recursive: true });
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'not an onnx graph');
    const broken = inThreadEngine(
      [createSegmentRunner({ findIsNet: () => undefined })],
      withPacks(fixturePack('birefnet-tiny', dir)),
    );
    const zh = await segmentTask.run(context('segment', '', await loadPhoto('astronaut.jpg'), 'zh', broken));
    expect(zh.notes).toContainEqual(
      expect.stringMatching(
        /^birefnet-tiny 模型包没能生成这个选区（.+），已改用备用方法；可运行“npx scanline models verify birefnet-tiny”检查它的文件。$/,
      ),
    );
  });

  it('edges gives one edge image of the input size', async () => {
    const photo = await loadPhoto('chelsea-cat.jpg');
    const out = await edgesTask.run(context('edges', '', photo));
    expect(out.images).toHaveLength(1);
    expect(out.images[0]).toMatchObject({ width: 451, height: 300, mime: 'image/png' });
  });
});
