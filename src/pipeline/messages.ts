import type { Locale, Task } from './types.js';

/** Words the pipeline says while a job runs, per locale. Error sentences live in errors.ts. */
const STRINGS = {
  queued: { en: 'Queued: position {position}.', zh: '排队中：第 {position} 位。' },
  started: { en: 'Working on it…', zh: '正在处理…' },
  progress: { en: '{task}: {percent}%', zh: '{task}：{percent}%' },
  noText: { en: 'I found no text in this image.', zh: '这张图片里没有找到文字。' },
  done: { en: 'Done in {seconds} s.', zh: '完成，用时 {seconds} 秒。' },
  cancelled: { en: 'Cancelled.', zh: '已取消。' },
  actionCancel: { en: 'Cancel', zh: '取消' },
  actionReroll: { en: 'Reroll', zh: '重新生成' },
  actionEdit: { en: 'Edit', zh: '编辑' },
  actionUpscale: { en: 'Upscale', zh: '放大' },
  actionDelete: { en: 'Delete', zh: '删除' },
  emojiDropped: {
    en: 'I could not draw these emoji, so they were left out: {emoji}',
    zh: '这些表情暂时画不出来，已省略：{emoji}',
  },
  editNeedsImages: {
    en: '“{what}” needs {count} images and I got {got}: attach them to one message in the order you want them, or reply to my picture with another one.',
    zh: '“{what}”需要 {count} 张图片，但只收到 {got} 张：请在同一条消息里按想要的顺序附上，或回复我的图片并附上另一张。',
  },
  editBeforeAfterAlone: {
    en: 'A before/after needs an edit to compare, e.g. “make it vintage, before and after”, or two images (the before first).',
    zh: '前后对比需要一个修改来对比，例如“变成复古风格，前后对比”，或者两张图片（先放修改前的）。',
  },
} as const;

const TASK_NAMES: Record<Task, Record<Locale, string>> = {
  generate: { en: 'Drawing', zh: '绘制中' },
  edit: { en: 'Editing', zh: '编辑中' },
  understand: { en: 'Looking', zh: '识图中' },
  ocr: { en: 'Reading text', zh: '识别文字' },
  detect: { en: 'Detecting', zh: '检测中' },
  segment: { en: 'Segmenting', zh: '分割中' },
  edges: { en: 'Finding edges', zh: '边缘检测' },
  depth: { en: 'Estimating depth', zh: '深度估计' },
  poster: { en: 'Designing', zh: '设计海报' },
};

export type MessageKey = keyof typeof STRINGS;

export function say(key: MessageKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return STRINGS[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function taskName(task: Task, locale: Locale): string {
  return TASK_NAMES[task][locale];
}
