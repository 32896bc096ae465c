import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_CATALOG, ScanlineError, type ErrorCode } from './errors.js';
import { slotsOf } from './i18n.js';
import { MESSAGES, t, type MessageKey } from './messages.js';

const KEYS = Object.keys(MESSAGES) as MessageKey[];
const HAN = /\p{Script=Han}/u;

describe('the message catalog', () => {
  it.each(KEYS)('%s is said in English and Chinese, with no slot the params type lacks', (key) => {
    const { en, zh } = MESSAGES[key];
    expect(en.trim()).not.toBe('');
    expect(zh.trim()).not.toBe('');
    // The Chinese sentence is Chinese wherever it has words of its own ('{detail}' and '{task}：{percent}%' have none).
    const words = zh.replace(/\{\w+\}/g, '');
    if (/\p{L}/u.test(words)) expect(words).toMatch(HAN);
    // The params type is the English slots: a translation may use fewer, never others.
    const enSlots = new Set(slotsOf(en));
    for (const slot of slotsOf(zh)) expect(enSlots, `zh slot {${slot}}`).toContain(slot);
    // Every brace is a {name} slot, so the runtime filler and the type read the same slots.
    for (const text of [en, zh]) expect(text.replace(/\{\w+\}/g, '')).not.toMatch(/[{}]/);
  });

  it('serves every error code with its own sentence (no reply word shadows one)', () => {
    for (const code of Object.keys(ERROR_CATALOG) as (keyof typeof ERROR_CATALOG)[]) {
      expect(MESSAGES[code]).toBe(ERROR_CATALOG[code]);
    }
  });
});

describe('t', () => {
  it('fills the slots in the locale asked for', () => {
    expect(t('queued', 'en', { position: 3 })).toBe('Queued: position 3.');
    expect(t('queued', 'zh', { position: 3 })).toBe('排队中：第 3 位。');
    expect(t('job_gone', 'en')).toMatch(/no longer available/);
    expect(t('maybeLabel', 'zh', { article: 'a', label: '狗' })).toBe('可能是狗');
  });

  it('types the values by the sentence (checked by npm run typecheck)', () => {
    expectTypeOf(t<'model_missing'>)
      .parameter(2)
      .toEqualTypeOf<{
        readonly task: string | number;
        readonly pack: string | number;
      }>();
    // @ts-expect-error a sentence with {position} needs it
    expect(t('queued', 'en')).toBe('Queued: position {position}.');
    // @ts-expect-error a value the sentence has no slot for
    expect(t('queued', 'en', { position: 1, seconds: 2 })).toBe('Queued: position 1.');
    // @ts-expect-error a typo'd key
    expect(() => t('queud', 'en', { position: 1 })).toThrow();
  });
});

describe('ScanlineError', () => {
  it('takes the values its sentence names (checked by npm run typecheck)', () => {
    expect(new ScanlineError('model_missing', { task: 'ocr', pack: 'paddleocr' }).message).toMatch(/pull paddleocr/);
    // @ts-expect-error model_missing also names the pack to pull
    expect(new ScanlineError('model_missing', { task: 'ocr' }).message).toMatch(/\{pack\}/);
    // @ts-expect-error image_missing has no slots
    expect(new ScanlineError('image_missing', { name: 'x' }).code).toBe('image_missing');
    // A code read back as data (from the worker) carries its params as data.
    const fromWire = (code: ErrorCode, params: Record<string, string>) => new ScanlineError(code, params);
    expect(fromWire('task_unavailable', { task: 'depth' }).userMessage('en')).toMatch(/"depth"/);
  });
});
