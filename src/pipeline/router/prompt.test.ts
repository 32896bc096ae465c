import { describe, expect, it } from 'vitest';
import { generationPrompt, targetPrompt } from './prompt.js';

describe('generationPrompt', () => {
  it.each([
    ['draw a cat', 'a cat'],
    ['draw me a picture of a lighthouse', 'a lighthouse'],
    ['create an image of a dragon over Kyoto', 'a dragon over Kyoto'],
    ['imagine: a cabin in the snow', 'a cabin in the snow'],
    ['a shiba in a spacesuit', 'a shiba in a spacesuit'],
    ['Make a cute illustration of a fox', 'a fox'],
    ['画一只猫', '一只猫'],
    ['生成一张赛博朋克城市的图片', '赛博朋克城市'],
    ['来一张海边日落', '海边日落'],
    ['draw', ''],
  ])('%s -> %s', (core, expected) => {
    expect(generationPrompt(core)).toBe(expected);
  });
});

describe('targetPrompt', () => {
  it.each([
    ['segment the cat', 'cat'],
    ['cut out the dog from the background', 'dog'],
    ['find all the cars in this photo', 'cars'],
    ['detect objects', ''],
    ['locate every traffic light', 'traffic light'],
    ['框出所有的人', '人'],
    ['分割出猫', '猫'],
    ['把那只狗抠出来', '那只狗'],
    ['找到猫的位置', '猫'],
    ['检测图中的物体', ''],
    ['cats', 'cats'],
  ])('%s -> %s', (core, expected) => {
    expect(targetPrompt(core)).toBe(expected);
  });
});
