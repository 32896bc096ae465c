import { describe, expect, it } from 'vitest';
import { parseQwenBoxes } from './qwen-boxes.js';

const qwen2 = (text: string, width = 1000, height = 1000) =>
  parseQwenBoxes(text, { format: 'qwen2-vl', width, height });
const qwen25 = (text: string, width = 640, height = 480) =>
  parseQwenBoxes(text, { format: 'qwen2.5-vl', width, height });
const qwen3 = (text: string, width = 2000, height = 500) => parseQwenBoxes(text, { format: 'qwen3-vl', width, height });

describe('Qwen2-VL boxes (special tokens, 0-1000)', () => {
  it('reads a ref and its box, scaled to the image', () => {
    const text = '<|object_ref_start|>the dog<|object_ref_end|><|box_start|>(123,456),(789,901)<|box_end|><|im_end|>';
    expect(qwen2(text, 768, 576)).toEqual([
      { label: 'the dog', box: [123 * 0.768, 456 * 0.576, 789 * 0.768, 901 * 0.576] },
    ]);
  });

  it('reads several refs and boxes inside a sentence, with spaces in the corners', () => {
    const text =
      'There are two: <|object_ref_start|>a red umbrella<|object_ref_end|><|box_start|>( 10 , 20 ),( 300 , 400 )<|box_end|> ' +
      'and <|object_ref_start|>a bench<|object_ref_end|><|box_start|>(500,600),(900,950)<|box_end|>.';
    expect(qwen2(text)).toEqual([
      { label: 'a red umbrella', box: [10, 20, 300, 400] },
      { label: 'a bench', box: [500, 600, 900, 950] },
    ]);
  });

  it('gives every box right after one ref that ref, and a box after other text no label', () => {
    const text =
      '<|object_ref_start|>people<|object_ref_end|><|box_start|>(1,2),(3,4)<|box_end|><|box_start|>(5,6),(7,8)<|box_end|>' +
      ' and also <|box_start|>(100,100),(200,200)<|box_end|>';
    expect(qwen2(text).map((b) => b.label)).toEqual(['people', 'people', '']);
  });

  it('reads a box without any ref, and corners left after special tokens were skipped', () => {
    expect(qwen2('<|box_start|>(0,0),(500,500)<|box_end|>', 200, 100)).toEqual([{ label: '', box: [0, 0, 100, 50] }]);
    expect(qwen2('the dog(123,456),(789,901)', 1000, 1000)).toEqual([{ label: '', box: [123, 456, 789, 901] }]);
  });

  it('orders swapped corners, clamps to the image and drops empty or unreadable boxes', () => {
    const text =
      '<|box_start|>(800,900),(100,50)<|box_end|><|box_start|>(900,-20),(1200,1000)<|box_end|>' +
      '<|box_start|>(300,300),(300,600)<|box_end|><|box_start|>(1,2)<|box_end|>';
    expect(qwen2(text)).toEqual([
      { label: '', box: [100, 50, 800, 900] },
      { label: '', box: [900, 0, 1000, 1000] },
    ]);
  });

  it('finds nothing in a plain answer', () => {
    expect(qwen2('I cannot see a dog in this image.')).toEqual([]);
  });
});

describe('Qwen2.5-VL boxes (JSON, absolute pixels)', () => {
  it('reads the fenced JSON list the cookbook prompts produce', () => {
    const text =
      '```json\n[\n\t{"bbox_2d": [135, 114, 350, 454], "label": "dog"},\n\t{"bbox_2d": [400, 50, 620, 300], "label": "bicycle"}\n]\n```';
    expect(qwen25(text)).toEqual([
      { label: 'dog', box: [135, 114, 350, 454] },
      { label: 'bicycle', box: [400, 50, 620, 300] },
    ]);
  });

  it('reads a single object with text around it, and clamps to the image', () => {
    const text = 'Here it is: {"bbox_2d": [600, 400, 700, 500], "label": "the red umbrella"} Hope that helps!';
    expect(qwen25(text)).toEqual([{ label: 'the red umbrella', box: [600, 400, 640, 480] }]);
  });

  it('keeps the complete boxes of an answer cut off mid-way or with a trailing comma', () => {
    const cut =
      '```json\n[\n  {"bbox_2d": [10, 20, 30, 40], "label": "cup"},\n  {"bbox_2d": [50, 60, 70, 80], "label": "cup",},\n  {"bbox_2d": [90, 10';
    expect(qwen25(cut)).toEqual([
      { label: 'cup', box: [10, 20, 30, 40] },
      { label: 'cup', box: [50, 60, 70, 80] },
    ]);
  });

  it('takes boxes without a label and skips objects without a readable bbox_2d', () => {
    const text =
      '[{"bbox_2d": [1, 2, 3, 4]}, {"point_2d": [5, 6], "label": "tip"}, {"bbox_2d": [1, 2, 3], "label": "x"}]';
    expect(qwen25(text)).toEqual([{ label: '', box: [1, 2, 3, 4] }]);
  });

  it('finds nothing when there is no JSON', () => {
    expect(qwen25('There is no dog here.')).toEqual([]);
  });
});

describe('Qwen3-VL boxes (JSON, 0-1000)', () => {
  it('scales each axis from the 0-1000 grid', () => {
    const text = '```json\n[\n  {"bbox_2d": [100, 200, 500, 1000], "label": "giraffe head"}\n]\n```';
    expect(qwen3(text)).toEqual([{ label: 'giraffe head', box: [200, 100, 1000, 500] }]);
  });
});
