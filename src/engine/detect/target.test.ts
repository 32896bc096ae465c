import { describe, expect, it } from 'vitest';
import { parseTarget } from './target.js';

describe('parseTarget', () => {
  it.each(['', 'objects', 'all objects', 'everything', 'things', '物体', '所有物体', '图中的物体'])(
    '%j means everything',
    (prompt) => expect(parseTarget(prompt)).toEqual({ kind: 'all' }),
  );

  it.each([
    ['dog', ['dog']],
    ['the cars', ['car']],
    ['cats', ['cat']],
    ['person', ['person']],
    ['people', ['person']],
    ['motorbikes', ['motorcycle']],
    ['the hot dog', ['hot dog']],
    ['dogs and bicycles', ['dog', 'bicycle']],
    ['the dog beside a bicycle', ['dog']],
    ['猫', ['cat']],
    ['人', ['person']],
    ['摩托车', ['motorcycle']],
    ['自行车和狗', ['bicycle', 'dog']],
    ['桌子上的杯子', ['cup']],
    ['车', ['car', 'truck', 'bus', 'motorcycle']],
    ['the 猫', ['cat']],
  ])('%j -> %j', (prompt, labels) => {
    const t = parseTarget(prompt);
    expect(t.kind).toBe('classes');
    if (t.kind === 'classes') expect(t.labels).toEqual(labels);
  });

  it('reads which one of several is meant', () => {
    expect(parseTarget('car on the left')).toEqual({ kind: 'classes', labels: ['car'], pick: 'left' });
    expect(parseTarget('the biggest dog')).toEqual({ kind: 'classes', labels: ['dog'], pick: 'largest' });
    expect(parseTarget('右边的车')).toMatchObject({ kind: 'classes', pick: 'right' });
  });

  it('says so when the detector knows no such thing', () => {
    expect(parseTarget('the unicorn')).toEqual({ kind: 'unknown', text: 'the unicorn' });
    expect(parseTarget('天空')).toEqual({ kind: 'unknown', text: '天空' });
  });
});
