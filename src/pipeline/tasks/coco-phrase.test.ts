import { describe, expect, it } from 'vitest';
import { cocoLabelOf } from './coco-phrase.js';

describe('cocoLabelOf', () => {
  it.each([
    ['dog', 'dog'],
    ['the dogs', 'dog'],
    ['red umbrella', 'umbrella'],
    ['the dog on the left', 'dog'],
    ['hot dog', 'hot dog'],
    ['little puppy', 'dog'],
    ['teddy bear', 'teddy bear'],
    ['person in red', 'person'],
    ['狗', 'dog'],
    ['红色的伞', 'umbrella'],
    ['桌子上的杯子', 'cup'],
    ['红色雨伞', 'umbrella'],
    ['小狗', 'dog'],
  ])('"%s" names %s', (phrase, label) => {
    expect(cocoLabelOf(phrase)).toBe(label);
  });

  it.each([
    "giraffe's head",
    'the head of the giraffe',
    'the exit sign',
    'keys',
    '长颈鹿的头',
    '面包',
    'hotdog stand',
    '',
  ])('"%s" names no COCO class', (phrase) => {
    expect(cocoLabelOf(phrase)).toBeUndefined();
  });
});
