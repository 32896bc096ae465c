// Instructions and the edit programs they must plan to (English, Chinese, mixed).
import type { EditStep } from '../types.js';

export interface PlannerCase {
  text: string;
  steps: EditStep[];
  /** Clauses that must come back as not understood (default: none). */
  unmapped?: string[];
}

const gray: EditStep = { op: 'grayscale' };
const look = (style: string): EditStep => ({ op: 'style', style });
const adj = (property: 'brightness' | 'contrast' | 'saturation' | 'warmth', amount: number): EditStep => ({
  op: 'adjust',
  property,
  amount,
});

export const PLANNER_CASES: PlannerCase[] = [
  // Said twice, run once; a style noun after a style word is not a second style.
  { text: 'remove the background and make it transparent', steps: [{ op: 'background', mode: 'remove' }] },
  { text: 'make it look like an anime drawing', steps: [look('cartoon')] },
  { text: 'make it a pencil drawing', steps: [look('sketch')] },
  { text: 'cartoonify me', steps: [look('cartoon')] },
  { text: 'make it look old', steps: [look('old-photo')] },
  { text: 'invert it and invert it again', steps: [{ op: 'invert' }, { op: 'invert' }] },
  { text: 'add a vignette', steps: [{ op: 'vignette', strength: 0.45 }] },
  { text: '加个暗角，再调暖一点', steps: [{ op: 'vignette', strength: 0.45 }, adj('warmth', 0.15)] },
  { text: 'make the colors pop', steps: [adj('saturation', 0.4)] },
  { text: 'turn it into line art', steps: [look('sketch')] },
  { text: 'make it look like a polaroid', steps: [look('vintage')] },
  { text: 'make it darker and moodier', steps: [adj('brightness', -0.25), adj('contrast', 0.3)] },
  // Sizes by one side.
  {
    text: 'make it smaller, 512 pixels wide',
    steps: [
      { op: 'scale', factor: 0.5 },
      { op: 'resize', width: 512 },
    ],
  },
  { text: 'set the height to 300 px', steps: [{ op: 'resize', height: 300 }] },
  { text: '宽度改成 800 像素', steps: [{ op: 'resize', width: 800 }] },
  // English, several steps in one sentence.
  {
    text: "make it black and white and add the caption 'Hello 你好'",
    steps: [gray, { op: 'caption', text: 'Hello 你好', position: 'bottom' }],
  },
  {
    text: 'rotate it 90 degrees, flip it and make it brighter',
    steps: [{ op: 'rotate', degrees: 90 }, { op: 'flip', axis: 'horizontal' }, adj('brightness', 0.25)],
  },
  { text: 'make it look like a 19th-century photo', steps: [look('old-photo')] },
  {
    text: 'make it look like a 19th-century photo and add the caption "Paris, 1889" at the top',
    steps: [look('old-photo'), { op: 'caption', text: 'Paris, 1889', position: 'top' }],
  },
  { text: 'make it vintage', steps: [look('vintage')] },
  { text: 'give it a retro film look', steps: [look('vintage')] },
  { text: 'sepia please', steps: [look('sepia')] },
  { text: 'turn it into an oil painting', steps: [look('oil')] },
  { text: 'make it a pencil sketch', steps: [look('sketch')] },
  { text: 'cartoonize it', steps: [look('cartoon')] },
  { text: 'anime style', steps: [look('cartoon')] },
  { text: 'watercolour painting', steps: [look('watercolor')] },
  { text: 'in the style of Van Gogh', steps: [look('van-gogh')] },
  { text: 'make it 8-bit pixel art', steps: [look('pixel-art')] },
  { text: 'greyscale', steps: [gray] },
  { text: 'make it a bit darker and increase the contrast', steps: [adj('brightness', -0.13), adj('contrast', 0.3)] },
  { text: 'much more saturated', steps: [adj('saturation', 0.64)] },
  { text: 'brighten it by 40%', steps: [adj('brightness', 0.4)] },
  { text: 'warmer tones, then sharpen', steps: [adj('warmth', 0.3), { op: 'sharpen' }] },
  { text: 'make it cooler and less saturated', steps: [adj('warmth', -0.3), adj('saturation', -0.4)] },
  { text: 'blur it slightly', steps: [{ op: 'blur', sigma: 1.5 }] },
  { text: 'rotate 45 degrees counterclockwise', steps: [{ op: 'rotate', degrees: -45 }] },
  { text: 'rotate it left', steps: [{ op: 'rotate', degrees: -90 }] },
  { text: 'turn it upside down', steps: [{ op: 'rotate', degrees: 180 }] },
  { text: 'flip it vertically', steps: [{ op: 'flip', axis: 'vertical' }] },
  { text: 'mirror it', steps: [{ op: 'flip', axis: 'horizontal' }] },
  { text: 'crop it to a square', steps: [{ op: 'crop', aspect: { w: 1, h: 1 } }] },
  { text: 'crop to 16:9', steps: [{ op: 'crop', aspect: { w: 16, h: 9 } }] },
  { text: 'make it 16:9', steps: [{ op: 'pad', aspect: { w: 16, h: 9 }, fill: 'blur' }] },
  {
    text: 'make it square with a white background',
    steps: [{ op: 'pad', aspect: { w: 1, h: 1 }, fill: 'white' }],
  },
  { text: 'resize to 800px', steps: [{ op: 'resize', longSide: 800 }] },
  { text: 'upscale it 2x', steps: [{ op: 'scale', factor: 2 }] },
  { text: 'half the size', steps: [{ op: 'scale', factor: 0.5 }] },
  { text: 'invert the colours', steps: [{ op: 'invert' }] },
  { text: 'make the car blue', steps: [{ op: 'recolor', target: 'car', color: 'blue' }] },
  {
    text: "change the motorcycle's color to blue",
    steps: [{ op: 'recolor', target: 'motorcycle', color: 'blue' }],
  },
  { text: 'change the cup’s colour to red', steps: [{ op: 'recolor', target: 'cup', color: 'red' }] },
  {
    text: 'make the sky purple and the grass yellow',
    steps: [
      { op: 'recolor', target: 'sky', color: 'purple' },
      { op: 'recolor', target: 'grass', color: 'yellow' },
    ],
  },
  { text: 'make it blue', steps: [{ op: 'recolor', target: 'image', color: 'blue' }] },
  { text: 'remove the background', steps: [{ op: 'background', mode: 'remove' }] },
  { text: 'blur the background', steps: [{ op: 'background', mode: 'blur' }] },
  { text: 'change the background to white', steps: [{ op: 'background', mode: 'color', value: 'white' }] },
  { text: 'put it on a blue gradient background', steps: [{ op: 'background', mode: 'replace', value: 'blue' }] },
  { text: 'remove the person on the left', steps: [{ op: 'remove', target: 'person' }] },
  {
    text: 'add the text Happy Birthday at the top',
    steps: [{ op: 'caption', text: 'Happy Birthday', position: 'top' }],
  },
  { text: 'caption: We Did It', steps: [{ op: 'caption', text: 'We Did It', position: 'bottom' }] },
  {
    text: "add the title 'HELLO and Goodbye, World' and make it warmer",
    steps: [{ op: 'caption', text: 'HELLO and Goodbye, World', position: 'top' }, adj('warmth', 0.3)],
  },
  // English with parts we cannot do.
  { text: 'put a hat on the dog and make it warmer', steps: [adj('warmth', 0.3)], unmapped: ['put a hat on the dog'] },
  { text: 'make him smile', steps: [], unmapped: ['make him smile'] },
  {
    text: 'change the background to a beach, then make it vintage',
    steps: [look('vintage')],
    unmapped: ['change the background to a beach'],
  },
  { text: 'crop it', steps: [], unmapped: ['crop it'] },
  { text: 'in the style of Picasso', steps: [], unmapped: ['in the style of Picasso'] },

  // Chinese.
  {
    text: '把背景换成蓝色，再加上标题“春天”',
    steps: [
      { op: 'background', mode: 'color', value: 'blue' },
      { op: 'caption', text: '春天', position: 'top' },
    ],
  },
  { text: '把它变成黑白的', steps: [gray] },
  { text: '加上字幕「生日快乐」', steps: [{ op: 'caption', text: '生日快乐', position: 'bottom' }] },
  { text: '在顶部加上文字“欢迎光临”', steps: [{ op: 'caption', text: '欢迎光临', position: 'top' }] },
  { text: '再亮一点', steps: [adj('brightness', 0.13)] },
  { text: '变成油画风格', steps: [look('oil')] },
  { text: '做成素描效果', steps: [look('sketch')] },
  { text: '卡通风格，然后提高饱和度', steps: [look('cartoon'), adj('saturation', 0.4)] },
  { text: '水彩画', steps: [look('watercolor')] },
  { text: '梵高星空风格', steps: [look('van-gogh')] },
  { text: '像素风', steps: [look('pixel-art')] },
  { text: '做成老照片的感觉', steps: [look('old-photo')] },
  { text: '逆时针旋转90度', steps: [{ op: 'rotate', degrees: -90 }] },
  { text: '顺时针旋转四十五度', steps: [{ op: 'rotate', degrees: 45 }] },
  { text: '左右翻转，然后调暗一点', steps: [{ op: 'flip', axis: 'horizontal' }, adj('brightness', -0.13)] },
  { text: '上下翻转', steps: [{ op: 'flip', axis: 'vertical' }] },
  { text: '裁剪成正方形', steps: [{ op: 'crop', aspect: { w: 1, h: 1 } }] },
  { text: '变成16:9', steps: [{ op: 'pad', aspect: { w: 16, h: 9 }, fill: 'blur' }] },
  { text: '放大两倍', steps: [{ op: 'scale', factor: 2 }] },
  { text: '缩小一半', steps: [{ op: 'scale', factor: 0.5 }] },
  { text: '背景虚化', steps: [{ op: 'background', mode: 'blur' }] },
  { text: '去掉背景', steps: [{ op: 'background', mode: 'remove' }] },
  { text: '把车改成红色', steps: [{ op: 'recolor', target: '车', color: 'red' }] },
  { text: '帮我去掉背景里的路人', steps: [{ op: 'remove', target: '路人' }] },
  { text: '暖色调，锐化一下', steps: [adj('warmth', 0.3), { op: 'sharpen' }] },
  { text: '降低对比度并且反色', steps: [adj('contrast', -0.3), { op: 'invert' }] },
  // Chinese with parts we cannot do.
  { text: '把天空换成晚霞', steps: [], unmapped: ['把天空换成晚霞'] },
  { text: '让他笑起来，然后变成黑白', steps: [gray], unmapped: ['让他笑起来'] },

  // Mixed.
  { text: 'make it 复古风格', steps: [look('vintage')] },
  { text: '把这张照片P成vintage风格', steps: [look('vintage')] },
  {
    text: '加上caption “Good Morning 早安”',
    steps: [{ op: 'caption', text: 'Good Morning 早安', position: 'bottom' }],
  },
  {
    text: 'black and white，然后加上标题「Tokyo 东京」',
    steps: [gray, { op: 'caption', text: 'Tokyo 东京', position: 'top' }],
  },
  { text: 'rotate 180度 and 调亮', steps: [{ op: 'rotate', degrees: 180 }, adj('brightness', 0.25)] },
  { text: 'oil painting 风格，再加个 hat', steps: [look('oil')], unmapped: ['加个 hat'] },
  // Several images (issue 12): upload order, the replied-to image first.
  { text: 'put these two pictures side by side', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  { text: 'side by side with no gap', steps: [{ op: 'combine', layout: 'side-by-side', gap: 0 }] },
  { text: 'stack them', steps: [{ op: 'combine', layout: 'stack' }] },
  { text: 'make a collage with a black background', steps: [{ op: 'combine', layout: 'grid', background: 'black' }] },
  { text: '九宫格', steps: [{ op: 'combine', layout: 'grid' }] },
  { text: '把这两张图并排', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  { text: '左右拼', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  { text: '无缝上下拼接', steps: [{ op: 'combine', layout: 'stack', gap: 0 }] },
  {
    text: 'make it black and white, before and after',
    steps: [gray, { op: 'before-after', labels: ['Before', 'After'] }],
  },
  { text: '变成油画，前后对比', steps: [look('oil'), { op: 'before-after', labels: ['之前', '之后'] }] },
  { text: 'use this one as the background', steps: [{ op: 'background-from', index: 2 }] },
  { text: 'use the first photo as the background', steps: [{ op: 'background-from', index: 1 }] },
  { text: '用这张做背景', steps: [{ op: 'background-from', index: 2 }] },
  { text: '用第一张图做背景', steps: [{ op: 'background-from', index: 1 }] },
];
