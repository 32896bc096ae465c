import { describe, expect, it } from 'vitest';
import { detectLocale } from './language.js';

describe('detectLocale', () => {
  it.each([
    ['make it vintage', undefined, 'en'],
    ['make it vintage', 'zh', 'zh'],
    ['画一只猫', 'en', 'zh'],
    ['make it 复古风格', undefined, 'zh'],
    ['把它P成vintage风格', undefined, 'zh'],
    ["add the caption 'Hello 你好'", undefined, 'en'],
    ['add the caption “春季骑行节”', undefined, 'en'],
    ['加上字幕 "Happy Birthday"', 'en', 'zh'],
    ['“春季骑行节” poster', undefined, 'en'],
    ['make a poster that says 春季骑行节 Spring Ride Festival', undefined, 'en'],
    ['a poster, text: 夏日祭', undefined, 'en'],
    ['做一张海报 that says Spring Ride', undefined, 'zh'],
    ['この看板には何と書いてありますか', undefined, 'en'],
    ['この看板には何と書いてありますか', 'zh', 'zh'],
    ['', 'zh', 'zh'],
    ['', undefined, 'en'],
    ['「你好」', undefined, 'en'],
    ['👍', 'zh', 'zh'],
  ] as const)('%j (requester %s) -> %s', (text, fallback, expected) => {
    expect(detectLocale(text, fallback)).toBe(expected);
  });
});
