import { describe, expect, it } from 'vitest';
import { parseQwenBoxes } from './qwen-boxes.js';

describe('parseQwenBoxes (Qwen2-VL)', () => {
  it('maps 0-1000 boxes to pixels and keeps each label', () => {
    const text =
      '<|object_ref_start|>the dog<|object_ref_end|><|box_start|>(100,250),(500,750)<|box_end|> and ' +
      '<|object_ref_start|>a cat<|object_ref_end|><|box_start|>(0,0),(1000,1000)<|box_end|>';
    expect(parseQwenBoxes(text, { format: 'qwen2-vl', width: 640, height: 480 })).toEqual([
      { label: 'the dog', box: [64, 120, 320, 360] },
      { label: 'a cat', box: [0, 0, 640, 480] },
    ]);
  });

  it('gives a second box the label before it, orders corners and clamps to the image', () => {
    const text =
      '<|object_ref_start|>cars<|object_ref_end|><|box_start|>(10,10),(20,20)<|box_end|><|box_start|>(900,900),(800,1200)<|box_end|>';
    expect(parseQwenBoxes(text, { format: 'qwen2-vl', width: 1000, height: 1000 })).toEqual([
      { label: 'cars', box: [10, 10, 20, 20] },
      { label: 'cars', box: [800, 900, 900, 1000] },
    ]);
  });

  it('finds nothing in text without boxes', () => {
    expect(parseQwenBoxes('a dog on grass', { format: 'qwen2-vl', width: 10, height: 10 })).toEqual([]);
  });
});
