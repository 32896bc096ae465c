import { describe, expect, it } from 'vitest';
import { describeStep, foundNote, roughNotes, summarizeEdits, upscaleMethod } from './step-names.js';

describe('step names', () => {
  it('says done and not done in English and Chinese', () => {
    expect(summarizeEdits(['black and white'], ['"put a hat on"'], 'en')).toEqual([
      'Done: black and white.',
      'I can\'t do "put a hat on" yet.',
    ]);
    expect(summarizeEdits(['转为黑白', '反色'], [], 'zh')).toEqual(['已完成：转为黑白、反色。']);
    expect(describeStep({ op: 'scale', factor: 2 }, 'en')).toBe('upscaled 2×');
    expect(describeStep({ op: 'recolor', target: '车', color: 'red' }, 'zh')).toBe('把车改成红色');
  });
});

describe('how an enlargement was made', () => {
  const size = { width: 96, height: 80 };
  it('names the super-resolution model, and the Lanczos step after it for a factor between model scales', () => {
    const esrgan = { ...size, method: 'esrgan', pack: 'esrgan-slim', modelScale: 2 } as const;
    expect(upscaleMethod({ ...esrgan, resampled: false }, 'en')).toBe('AI super-resolution, ESRGAN slim');
    expect(upscaleMethod({ ...esrgan, resampled: false }, 'zh')).toBe('AI 超分辨率，ESRGAN slim');
    expect(upscaleMethod({ ...esrgan, pack: 'esrgan-medium', resampled: true }, 'en')).toBe(
      'AI super-resolution, ESRGAN medium ×2, then Lanczos to the asked size',
    );
  });

  it('says Lanczos is not AI upscaling, why it was used and what would do better', () => {
    expect(upscaleMethod({ ...size, method: 'lanczos', reason: 'model_failed' }, 'en')).toBe(
      'Lanczos resampling, not AI upscaling: the ESRGAN model could not run (npm ci reinstalls it)',
    );
    expect(upscaleMethod({ ...size, method: 'lanczos', reason: 'no_model' }, 'zh')).toBe(
      'Lanczos 插值，不是 AI 超分辨率：没有安装 ESRGAN 模型（npm ci 会安装）',
    );
    const capped = { width: 8192, height: 31, capped: true, method: 'lanczos', reason: 'over_limit' } as const;
    expect(upscaleMethod(capped, 'en')).toBe(
      "Lanczos resampling, not AI upscaling: the model's output would pass the output limit; a smaller factor gets AI upscaling; capped at 8192×31, the largest output I make",
    );
  });
});

describe('rough cut-outs in the summary', () => {
  it('a rough background removal is not "Done" alone: it says why and what would do better', () => {
    const notes = summarizeEdits(['removed the background'], [], 'en', [
      { what: 'removed the background', reasons: ['background'] },
    ]);
    expect(notes).toEqual([
      'Done: removed the background, but the cut-out is rough (the mask also took parts of the background).',
      'For cleaner cut-outs install the IS-Net plugin (README: Better masks).',
    ]);
  });

  it('names the pulled pack that would do better, once; says nothing more when a pulled pack made the mask', () => {
    const notes = summarizeEdits(['removed the background', 'made the car blue'], [], 'en', [
      { what: 'removed the background', reasons: ['outline'], pull: 'birefnet-lite' },
      { what: 'made the car blue', reasons: ['partial'], pull: 'slimsam-77' },
    ]);
    expect(notes[1]).toBe('For cleaner cut-outs run “npx scanline models pull birefnet-lite slimsam-77”.');
    const zh = summarizeEdits(['去除背景'], [], 'zh', [
      { what: '去除背景', reasons: ['outline'], pull: 'birefnet-lite' },
    ]);
    expect(zh[1]).toBe('想要更干净的抠图，请运行“npx scanline models pull birefnet-lite”。');
    const byPack = summarizeEdits(['removed the background'], [], 'en', [
      { what: 'removed the background', reasons: ['outline'], pull: null },
    ]);
    expect(byPack).toEqual([
      "Done: removed the background, but the cut-out is rough (its outline does not follow the object's edges).",
    ]);
    expect(roughNotes(['partial'], 'en', 'slimsam-77')).toEqual([
      'The cut-out is rough (the mask may have missed parts of the object).',
      'For cleaner cut-outs run “npx scanline models pull slimsam-77”.',
    ]);
    expect(roughNotes(['partial'], 'en', null)).toHaveLength(1);
  });

  it('with other clean steps it names the rough one; in Chinese too', () => {
    const [en] = summarizeEdits(['black and white', 'made the motorcycle blue'], [], 'en', [
      { what: 'made the motorcycle blue', reasons: ['background', 'partial'] },
    ]);
    expect(en).toBe(
      'Done: black and white, made the motorcycle blue, but the cut-out for “made the motorcycle blue” is rough ' +
        '(the mask also took parts of the background; the mask may have missed parts of the object).',
    );
    const zh = summarizeEdits(['去除背景'], [], 'zh', [{ what: '去除背景', reasons: ['background'] }]);
    expect(zh).toEqual([
      '已完成：去除背景，但抠图较粗糙（选区还带上了部分背景）。',
      '想要更干净的抠图，请安装 IS-Net 插件（见 README：Better masks）。',
    ]);
  });

  it('a clean result is still just "Done"', () => {
    expect(summarizeEdits(['removed the background'], [], 'en', [])).toEqual(['Done: removed the background.']);
  });

  it('unsure detections are said: a "maybe", or another kind standing in', () => {
    expect(foundNote({ label: 'dog', score: 0.45, standIn: true }, 'cat', 'en')).toBe(
      'This looks like a dog to me (45%); I used it as the cat.',
    );
    expect(foundNote({ label: 'dog', score: 0.42 }, 'dog', 'zh')).toBe('检测器不太确定找到的是狗（42%）。');
  });
});
