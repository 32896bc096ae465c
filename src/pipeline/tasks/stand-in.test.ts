// Named objects as the user means them: a close-up of Chelsea the cat that the
// detector scores higher as a dog (dog 0.59, cat 0.32 on the same box). "segment
// the cat" and "把猫变成紫色" go through the router (and the edit planner), the
// real runners in this thread, and say that a dog detection stood in for the cat.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { photoPath } from '../../../test/fixtures/photos/photos.js';
import { makeRequest } from '../../../test/helpers/make-request.js';
import { inThreadEngine } from '../../../test/helpers/engine/vision-context.js';
import { createDetectRunner } from '../../engine/detect/index.js';
import { createEditRunner, segmentMasks } from '../../engine/edit/index.js';
import type { EngineProgress, RawImage } from '../../engine/types.js';
import { createSegmentRunner } from '../../engine/vision/index.js';
import { route } from '../router/index.js';
import type { Plan } from '../types.js';
import { segmentTask } from './annotate-tasks.js';
import { editTask } from './edit-task.js';
import type { TaskContext } from './task-handler.js';

const segment = createSegmentRunner({ findIsNet: () => undefined });
const engine = inThreadEngine([createDetectRunner(), segment, createEditRunner({ masks: segmentMasks(segment) })]);

/** Chelsea's head and chest, 250x250 from (100, 20): the detector's best box there is a dog. */
async function closeUpCat(): Promise<RawImage> {
  const { data, info } = await sharp(photoPath('chelsea-cat.jpg'))
    .extract({ left: 100, top: 20, width: 250, height: 250 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
}

function context(plan: Plan, image: RawImage): TaskContext {
  const progress: EngineProgress[] = [];
  return {
    plan,
    images: [image],
    engine,
    signal: new AbortController().signal,
    progress: (p) => progress.push(p),
    maxFileBytes: 8 * 1024 * 1024,
  };
}

/** Share of the pixels whose hue is purple-ish (blue clearly above green, red near blue). */
function purpleShare(image: RawImage): number {
  let n = 0;
  for (let j = 0; j < image.data.length; j += image.channels) {
    const [r, g, b] = [image.data[j]!, image.data[j + 1]!, image.data[j + 2]!];
    if (b > g + 25 && r > g + 10) n++;
  }
  return n / (image.width * image.height);
}

describe('a close-up cat the detector calls a dog', () => {
  it('"segment the cat" selects it and says the dog detection stood in for the cat', async () => {
    const image = await closeUpCat();
    const plan = route(makeRequest({ text: 'segment the cat', images: 1 }));
    expect(plan.task).toBe('segment');
    const out = await segmentTask.run(context(plan, image));
    expect(out.text).toMatch(/^This looks like a dog to me \(\d+%\); I used it as the cat\.$/);
    expect(out.annotations?.[0]).toMatchObject({ kind: 'mask', label: 'dog' });
  });

  it('"把猫变成紫色" recolours it purple and says so in Chinese', async () => {
    const image = await closeUpCat();
    const plan = route(makeRequest({ text: '把猫变成紫色', images: 1 }));
    expect(plan.task).toBe('edit');
    expect(plan.steps).toMatchObject([{ op: 'recolor', target: '猫' }]);
    const out = await editTask.run(context(plan, image));
    expect(out.notes?.join('\n')).toMatch(/在我看来这像是狗（\d+%）；我把它当作猫了。/);
    const { data, info } = await sharp(out.images[0]!.data).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const edited: RawImage = { data: new Uint8Array(data), width: info.width, height: info.height, channels: 3 };
    expect(purpleShare(image)).toBeLessThan(0.02);
    expect(purpleShare(edited)).toBeGreaterThan(0.2);
  });
});
