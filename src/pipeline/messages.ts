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
  // Honest results: a rough GrabCut cut-out, and detections the detector was unsure of.
  roughCut: { en: 'the cut-out is rough ({why})', zh: '抠图较粗糙（{why}）' },
  roughCutFor: { en: 'the cut-out for “{what}” is rough ({why})', zh: '“{what}”的抠图较粗糙（{why}）' },
  roughBackground: { en: 'the mask also took parts of the background', zh: '选区还带上了部分背景' },
  roughPartial: { en: 'the mask may have missed parts of the object', zh: '选区可能漏掉了物体的一部分' },
  roughOutline: { en: "its outline does not follow the object's edges", zh: '选区边缘没有贴合物体轮廓' },
  roughBox: { en: "it is only the detector's box", zh: '选区只是检测框本身' },
  betterMasks: {
    en: 'For cleaner cut-outs install the IS-Net plugin (README: Better masks).',
    zh: '想要更干净的抠图，请安装 IS-Net 插件（见 README：Better masks）。',
  },
  maybeLabel: { en: 'maybe {article} {label}', zh: '可能是{label}' },
  maybeFound: {
    en: 'The detector is not sure it found the {label} ({percent}%).',
    zh: '检测器不太确定找到的是{label}（{percent}%）。',
  },
  standIn: {
    en: 'I found no {asked}; the closest was maybe {article} {label} ({percent}%), so I used that.',
    zh: '没有找到{asked}；最接近的可能是{label}（{percent}%），所以用了它。',
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

/** "a" or "an" before an English label. */
export function article(label: string): string {
  return /^[aeiou]/i.test(label) ? 'an' : 'a';
}
