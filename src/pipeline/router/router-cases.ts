import type { Locale, RequestParams, Task } from '../types.js';

// Real-sounding instructions and the plan the router should make of them.
// `hint` marks the ambiguous or corrected ones: they must carry a hint that
// matches; every other case must come back with no hint at all.

export interface RouterCase {
  text: string;
  /** Images attached to the message. */
  images?: number;
  /** Images of the bot message being replied to. */
  replyImages?: number;
  /** A task fixed by a command (`/imagine`). */
  task?: Task;
  /** The requester's platform locale. */
  userLocale?: Locale;
  /** Options an adapter filled from a command form. */
  params?: RequestParams;
  expect: {
    task: Task;
    locale: Locale;
    prompt?: string;
    params?: RequestParams;
    hint?: RegExp;
  };
}

const HELP_EN = /I can draw/;
const HELP_ZH = /我可以画图/;
const UNCLEAR_EN = /I described the image; to edit it/;
const UNCLEAR_ZH = /我描述了这张图片/;

export const ROUTER_CASES: RouterCase[] = [
  // --- English, with an image ---
  {
    text: 'what breed is this?',
    images: 1,
    expect: { task: 'understand', locale: 'en', prompt: 'what breed is this?' },
  },
  { text: 'describe', images: 1, expect: { task: 'understand', locale: 'en', prompt: 'Describe this image.' } },
  {
    text: 'caption this',
    images: 1,
    expect: { task: 'understand', locale: 'en', prompt: 'Write a one-sentence caption for this image.' },
  },
  { text: 'Is there a dog in this picture?', images: 1, expect: { task: 'understand', locale: 'en' } },
  {
    text: 'how many people are in this photo?',
    images: 1,
    expect: { task: 'understand', locale: 'en', prompt: 'how many people are in this photo?' },
  },
  { text: 'how many cars can you detect?', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'why is the sky orange here', images: 1, expect: { task: 'understand', locale: 'en' } },
  {
    text: 'Can you tell me what kind of plant this is?',
    images: 1,
    expect: { task: 'understand', locale: 'en', prompt: 'tell me what kind of plant this is?' },
  },
  { text: 'what does the sign say?', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'read the text', images: 1, expect: { task: 'ocr', locale: 'en' } },
  {
    text: 'transcribe this receipt please',
    images: 1,
    expect: { task: 'ocr', locale: 'en', prompt: 'transcribe this receipt' },
  },
  { text: 'extract the text from this screenshot', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: "could you read what's written on the whiteboard?", images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'translate the menu into English', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'detect objects', images: 1, expect: { task: 'detect', locale: 'en', prompt: '' } },
  { text: 'find all the cars', images: 1, expect: { task: 'detect', locale: 'en', prompt: 'cars' } },
  {
    text: 'draw bounding boxes around every person',
    images: 1,
    expect: { task: 'detect', locale: 'en', prompt: 'person' },
  },
  { text: 'segment the cat', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'cat' } },
  { text: 'cut out the dog', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'dog' } },
  {
    text: 'give me a mask of the car on the left',
    images: 1,
    expect: { task: 'segment', locale: 'en', prompt: 'car on the left' },
  },
  { text: 'edges', images: 1, expect: { task: 'edges', locale: 'en', prompt: '' } },
  { text: 'canny edge map please', images: 1, expect: { task: 'edges', locale: 'en' } },
  { text: 'show me the edges', images: 1, expect: { task: 'edges', locale: 'en' } },
  { text: 'try it in blue', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'what would it look like in winter?', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'depth map', images: 1, expect: { task: 'depth', locale: 'en', prompt: '' } },
  { text: 'estimate the depth --size 512', images: 1, expect: { task: 'depth', locale: 'en', params: { size: 512 } } },
  {
    text: "make it look like a 19th-century photo and add the caption 'Hello'",
    images: 1,
    expect: {
      task: 'edit',
      locale: 'en',
      prompt: "make it look like a 19th-century photo and add the caption 'Hello'",
    },
  },
  { text: 'can you make it vintage?', images: 1, expect: { task: 'edit', locale: 'en', prompt: 'make it vintage' } },
  { text: 'turn the sky purple', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'remove the background', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'add the caption "what is this?" at the bottom', images: 1, expect: { task: 'edit', locale: 'en' } },
  {
    text: 'make it brighter --strength 0.4',
    images: 1,
    expect: { task: 'edit', locale: 'en', prompt: 'make it brighter', params: { strength: 0.4 } },
  },
  { text: 'black and white please', images: 1, expect: { task: 'edit', locale: 'en', prompt: 'black and white' } },
  { text: 'in the style of van gogh', images: 1, expect: { task: 'edit', locale: 'en' } },
  {
    text: 'make a poster from this photo that says Grand Opening',
    images: 1,
    expect: { task: 'poster', locale: 'en' },
  },
  {
    text: '',
    images: 1,
    expect: {
      task: 'understand',
      locale: 'en',
      prompt: 'Describe this image.',
      hint: /No instruction came with the image/,
    },
  },
  {
    text: 'nice',
    images: 1,
    expect: {
      task: 'understand',
      locale: 'en',
      prompt: 'Describe this image. The user wrote: "nice"',
      hint: UNCLEAR_EN,
    },
  },
  { text: 'my grandma in 1962', images: 1, expect: { task: 'understand', locale: 'en', hint: UNCLEAR_EN } },
  {
    text: 'draw a dragon',
    images: 1,
    expect: { task: 'generate', locale: 'en', prompt: 'a dragon', hint: /the image you sent was not used/ },
  },
  {
    text: 'what is this? --ar 16:9',
    images: 1,
    expect: { task: 'understand', locale: 'en', params: {}, hint: /--ar has no effect/ },
  },

  // --- Replies to the bot's image (reply-to-iterate) ---
  {
    text: 'now make the car blue',
    replyImages: 1,
    expect: { task: 'edit', locale: 'en', prompt: 'make the car blue' },
  },
  {
    text: 'in a spacesuit',
    replyImages: 1,
    expect: { task: 'edit', locale: 'en', prompt: 'in a spacesuit', hint: /change to the image you replied to/ },
  },
  { text: "what's in the background?", replyImages: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'how about in red?', replyImages: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'thanks!', replyImages: 1, expect: { task: 'understand', locale: 'en', hint: UNCLEAR_EN } },
  { text: '再亮一点', replyImages: 1, expect: { task: 'edit', locale: 'zh', prompt: '再亮一点' } },

  // --- Chinese, with an image ---
  { text: '这是什么？', images: 1, expect: { task: 'understand', locale: 'zh', prompt: '这是什么？' } },
  { text: '这上面写的什么', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '识别文字', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '识别这张图片里的文字', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '把图里的文字提取出来', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '图里有几个人？', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '图里有猫吗', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '框出所有的人', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '人' } },
  { text: '检测图中的物体', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '' } },
  { text: '分割出猫', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '猫' } },
  { text: '把猫抠出来', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '猫' } },
  { text: '能识别出图中的物体吗', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '' } },
  { text: '边缘检测', images: 1, expect: { task: 'edges', locale: 'zh' } },
  { text: '生成深度图', images: 1, expect: { task: 'depth', locale: 'zh' } },
  { text: '把背景换成蓝色', images: 1, expect: { task: 'edit', locale: 'zh', prompt: '把背景换成蓝色' } },
  { text: '能把它变成黑白的吗？', images: 1, expect: { task: 'edit', locale: 'zh', prompt: '把它变成黑白的' } },
  { text: '加上字幕「生日快乐」', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '帮我去掉背景里的路人', images: 1, expect: { task: 'edit', locale: 'zh', prompt: '去掉背景里的路人' } },
  { text: '描述一下这张图片', images: 1, expect: { task: 'understand', locale: 'zh', prompt: '描述这张图片。' } },
  { text: '这张图片是什么风格', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这句话是什么意思', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '好看', images: 1, expect: { task: 'understand', locale: 'zh', hint: UNCLEAR_ZH } },
  {
    text: '',
    images: 1,
    userLocale: 'zh',
    expect: { task: 'understand', locale: 'zh', prompt: '描述这张图片。', hint: /图片没有附带说明/ },
  },

  // --- Mixed English and Chinese ---
  { text: 'make it 复古风格', images: 1, expect: { task: 'edit', locale: 'zh', prompt: 'make it 复古风格' } },
  {
    text: '请把这张照片P成vintage风格',
    images: 1,
    expect: { task: 'edit', locale: 'zh', prompt: '把这张照片P成vintage风格' },
  },
  { text: "add the caption 'Hello 你好'", images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: '这个logo是什么牌子？', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '帮我 detect 一下所有的车', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '车' } },
  { text: 'OCR一下这张图', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: 'segment the 猫', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '猫' } },

  // --- English, no image ---
  {
    text: 'a shiba in a spacesuit --ar 16:9 --seed 7',
    expect: {
      task: 'generate',
      locale: 'en',
      prompt: 'a shiba in a spacesuit',
      params: { aspect: { w: 16, h: 9 }, seed: 7 },
    },
  },
  {
    text: 'draw me a picture of a lighthouse at dusk --ar 10:1',
    expect: {
      task: 'generate',
      locale: 'en',
      prompt: 'a lighthouse at dusk',
      params: { aspect: { w: 4, h: 1 } },
      hint: /10:1 is outside/,
    },
  },
  {
    text: 'imagine a cozy cabin in the snow, watercolor',
    expect: { task: 'generate', locale: 'en', prompt: 'a cozy cabin in the snow, watercolor' },
  },
  {
    text: 'a portrait with shallow depth of field',
    expect: { task: 'generate', locale: 'en', prompt: 'a portrait with shallow depth of field' },
  },
  { text: 'a robot that can detect emotions', expect: { task: 'generate', locale: 'en' } },
  {
    text: 'Please generate an image of a koi pond at night, thanks!',
    expect: { task: 'generate', locale: 'en', prompt: 'a koi pond at night' },
  },
  {
    text: 'make a poster that says 春季骑行节 Spring Ride Festival',
    expect: { task: 'poster', locale: 'en', prompt: 'make a poster that says 春季骑行节 Spring Ride Festival' },
  },
  { text: 'make it vintage', expect: { task: 'edit', locale: 'en', prompt: 'make it vintage' } },
  { text: 'read the text', expect: { task: 'ocr', locale: 'en' } },
  { text: 'segment the cat', expect: { task: 'segment', locale: 'en', prompt: 'cat' } },
  { text: 'what can you do?', expect: { task: 'understand', locale: 'en', hint: HELP_EN } },
  { text: 'help', expect: { task: 'understand', locale: 'en', hint: HELP_EN } },
  { text: '', expect: { task: 'understand', locale: 'en', hint: HELP_EN } },
  { text: 'what is the capital of France?', expect: { task: 'understand', locale: 'en', hint: /There was no image/ } },
  { text: 'a dragon?', expect: { task: 'generate', locale: 'en', prompt: 'a dragon', hint: /something to draw/ } },
  {
    text: 'a cat --foo 3 --sed 5',
    expect: { task: 'generate', locale: 'en', prompt: 'a cat', hint: /Did you mean --seed\?/ },
  },
  {
    text: '/imagine a red fox --ar 2:3',
    expect: { task: 'generate', locale: 'en', prompt: 'a red fox', params: { aspect: { w: 2, h: 3 } } },
  },
  {
    text: 'a neon city —ar 9:16',
    expect: { task: 'generate', locale: 'en', prompt: 'a neon city', params: { aspect: { w: 9, h: 16 } } },
  },
  { text: 'a cat, 4k --style raw', expect: { task: 'generate', locale: 'en', prompt: 'a cat, 4k', hint: /--style/ } },
  { text: 'hello, can you draw a cat for me?', expect: { task: 'generate', locale: 'en', prompt: 'a cat' } },
  { text: 'a red fox', userLocale: 'zh', expect: { task: 'generate', locale: 'zh', prompt: 'a red fox' } },

  // --- Chinese, no image ---
  { text: '画一只猫', expect: { task: 'generate', locale: 'zh', prompt: '一只猫' } },
  {
    text: '帮我画一只戴帽子的柴犬 --ar 3:4',
    expect: { task: 'generate', locale: 'zh', prompt: '一只戴帽子的柴犬', params: { aspect: { w: 3, h: 4 } } },
  },
  { text: '生成一张赛博朋克城市的图片', expect: { task: 'generate', locale: 'zh', prompt: '赛博朋克城市' } },
  {
    text: '一只在雨中的狐狸 --ar 16：9 --seed 42',
    expect: {
      task: 'generate',
      locale: 'zh',
      prompt: '一只在雨中的狐狸',
      params: { aspect: { w: 16, h: 9 }, seed: 42 },
    },
  },
  { text: '做一张海报，标题是“春季骑行节”', expect: { task: 'poster', locale: 'zh' } },
  { text: '把背景换成蓝色', expect: { task: 'edit', locale: 'zh' } },
  { text: '识别文字', expect: { task: 'ocr', locale: 'zh' } },
  { text: '识别这张图片里的文字', expect: { task: 'ocr', locale: 'zh' } },
  { text: '帮助', expect: { task: 'understand', locale: 'zh', hint: HELP_ZH } },
  { text: '你能做什么？', expect: { task: 'understand', locale: 'zh', hint: HELP_ZH } },
  { text: '天空为什么是蓝色的？', expect: { task: 'understand', locale: 'zh', hint: /没有收到图片/ } },
  { text: '画一只猫 --seed -1', expect: { task: 'generate', locale: 'zh', params: {}, hint: /种子必须是/ } },

  // --- Explicit tasks (commands) ---
  { text: '', images: 1, task: 'ocr', expect: { task: 'ocr', locale: 'en', prompt: '' } },
  {
    text: 'a cat',
    images: 1,
    task: 'generate',
    expect: { task: 'generate', locale: 'en', prompt: 'a cat', hint: /not used/ },
  },
  {
    text: '',
    images: 1,
    task: 'understand',
    expect: { task: 'understand', locale: 'en', prompt: 'Describe this image.' },
  },
  { text: 'cats', images: 1, task: 'detect', expect: { task: 'detect', locale: 'en', prompt: 'cats' } },
  {
    text: 'make it vintage --task ocr',
    images: 1,
    task: 'edit',
    expect: { task: 'edit', locale: 'en', prompt: 'make it vintage' },
  },
  { text: 'what is this --task ocr', images: 1, expect: { task: 'ocr', locale: 'en' } },
  {
    text: 'describe',
    images: 1,
    userLocale: 'zh',
    expect: { task: 'understand', locale: 'zh', prompt: '描述这张图片。' },
  },
  {
    text: 'a tall tower',
    task: 'generate',
    params: { aspect: { w: 1, h: 5 }, seed: 3 },
    expect: {
      task: 'generate',
      locale: 'en',
      prompt: 'a tall tower',
      params: { aspect: { w: 1, h: 3 }, seed: 3 },
      hint: /1:5 is outside/,
    },
  },
];
