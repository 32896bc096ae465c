import type { Locale } from '../types.js';

// The router's sentences for the user, in both languages. Hints stay structured
// (key + values) until the plan's locale is known, then render once.

const CATALOG = {
  aspect_clamped: {
    en: 'The aspect ratio {given} is outside what I can draw (1:3 to 4:1), so I used {used}.',
    zh: '画幅比例 {given} 超出了支持范围（1:3 到 4:1），已改用 {used}。',
  },
  aspect_invalid: {
    en: 'I did not understand the aspect ratio "{value}" (write it like --ar 16:9), so I ignored it.',
    zh: '无法识别画幅比例「{value}」（格式如 --ar 16:9），已忽略。',
  },
  seed_invalid: {
    en: 'The seed must be a whole number from 0 to 4294967295; I ignored "{value}".',
    zh: '种子必须是 0 到 4294967295 之间的整数；已忽略「{value}」。',
  },
  size_invalid: {
    en: 'The size must be a number of pixels (e.g. --size 1024); I ignored "{value}".',
    zh: '尺寸必须是像素数（例如 --size 1024）；已忽略「{value}」。',
  },
  size_clamped: {
    en: 'The size {given} is outside {min}-{max} pixels, so I used {used}.',
    zh: '尺寸 {given} 超出 {min}-{max} 像素的范围，已改用 {used}。',
  },
  strength_invalid: {
    en: 'The strength must be a number from 0 to 1 (e.g. --strength 0.6); I ignored "{value}".',
    zh: '强度必须是 0 到 1 之间的数（例如 --strength 0.6）；已忽略「{value}」。',
  },
  strength_clamped: {
    en: 'The strength {given} is outside 0-1, so I used {used}.',
    zh: '强度 {given} 超出 0-1 的范围，已改用 {used}。',
  },
  flag_unknown: {
    en: 'I do not know the option {flag}, so I ignored it. Options: --ar W:H, --seed N, --size N, --strength X.',
    zh: '不认识选项 {flag}，已忽略。可用选项：--ar 宽:高、--seed 数字、--size 像素、--strength 0-1。',
  },
  flag_unknown_suggest: {
    en: 'I do not know the option {flag}, so I ignored it. Did you mean {suggestion}?',
    zh: '不认识选项 {flag}，已忽略。你是不是想用 {suggestion}？',
  },
  flag_missing_value: {
    en: 'The option {flag} needs a value (e.g. {example}); I ignored it.',
    zh: '选项 {flag} 需要一个值（例如 {example}），已忽略。',
  },
  flag_repeated: {
    en: 'The option {flag} was given more than once; I used the last one ({value}).',
    zh: '选项 {flag} 出现了多次，已采用最后一个（{value}）。',
  },
  task_unknown: {
    en: 'There is no task "{value}"; tasks are: {tasks}. I guessed from your words instead.',
    zh: '没有「{value}」这个任务；可用任务：{tasks}。已根据你的描述来判断。',
  },
  param_unused: {
    en: 'The option {flag} has no effect when I {taskName}, so I ignored it.',
    zh: '选项 {flag} 对「{taskName}」不起作用，已忽略。',
  },
  guess_empty: {
    en: 'No instruction came with the image, so I described it. You can also ask a question about it, ask me to read its text, or to edit it (e.g. "make it vintage").',
    zh: '图片没有附带说明，所以我描述了它。你也可以提问、让我识别文字，或让我修改它（例如「变成复古风格」）。',
  },
  guess_unclear: {
    en: 'I described the image; to edit it, say e.g. "make it vintage", or ask a question about it.',
    zh: '我描述了这张图片；如果想修改它，可以说例如「变成复古风格」，或者就图片提问。',
  },
  guess_reply_edit: {
    en: 'I took this as a change to the image you replied to. To ask about it instead, phrase it as a question.',
    zh: '我把这当作对你所回复图片的修改。如果想就图片提问，请用问句。',
  },
  guess_image_unused: {
    en: 'I made a new image from your words; the image you sent was not used. To change that image, say e.g. "make it vintage".',
    zh: '我根据文字生成了一张新图，没有使用你发送的图片。如果想修改那张图，可以说例如「变成复古风格」。',
  },
  guess_no_image_question: {
    en: 'There was no image, so I answered from the text alone. To ask about an image, attach it or reply to it.',
    zh: '没有收到图片，所以只根据文字回答。想就图片提问，请附上图片或回复那张图片。',
  },
  guess_draw_question: {
    en: 'I took this as something to draw. To ask about an image, attach it or reply to it.',
    zh: '我把这当作要画的内容。想就图片提问，请附上图片或回复那张图片。',
  },
  help: {
    en: 'I can draw ("a shiba in a spacesuit --ar 16:9 --seed 7"), edit an image you attach or reply to ("make it vintage and add the caption \'Hello\'"), answer questions about it ("what breed is this?"), read its text ("what does the sign say?"), annotate it ("detect objects", "segment the cat", "edges", "depth map") and make posters ("make a poster that says Spring Ride Festival").',
    zh: '我可以画图（「太空服里的柴犬 --ar 16:9 --seed 7」）、修改你附上或回复的图片（「变成复古风格，并加上文字‘你好’」）、回答关于图片的问题（「这是什么品种？」）、识别图中文字（「这上面写的什么」）、标注图片（「框出所有的人」「分割出猫」「边缘检测」「深度图」），以及做海报（「做一张写着春季骑行节的海报」）。',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type HintKey = keyof typeof CATALOG;

/** A hint before rendering: the values fill `{name}` slots of the sentence. */
export interface Hint {
  key: HintKey;
  values?: Record<string, string | number>;
}

/** What each task does, as the end of "has no effect when I ...". */
const TASK_NAMES: Record<string, Record<Locale, string>> = {
  generate: { en: 'draw a new image', zh: '生成图片' },
  edit: { en: 'edit an image', zh: '修改图片' },
  understand: { en: 'answer about an image', zh: '回答图片问题' },
  ocr: { en: 'read text', zh: '识别文字' },
  detect: { en: 'detect objects', zh: '检测物体' },
  segment: { en: 'segment an object', zh: '分割物体' },
  edges: { en: 'draw an edge map', zh: '边缘检测' },
  depth: { en: 'estimate depth', zh: '深度估计' },
  poster: { en: 'make a poster', zh: '制作海报' },
};

export function renderHint(hint: Hint, locale: Locale): string {
  const values: Record<string, string | number> = { ...hint.values };
  const task = values.task;
  if (typeof task === 'string' && TASK_NAMES[task] !== undefined) {
    values.taskName = (TASK_NAMES[task] as Record<Locale, string>)[locale];
  }
  return CATALOG[hint.key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
