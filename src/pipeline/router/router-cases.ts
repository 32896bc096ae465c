import type { EditStep, Locale, RequestParams, Task } from '../types.js';

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
    /** The edit program, when the case pins it. */
    steps?: EditStep[];
    hint?: RegExp;
  };
}

const HELP_EN = /I can draw/;
const HELP_ZH = /我可以画图/;
const UNCLEAR_EN = /I described the image; to edit it/;
const UNCLEAR_ZH = /我描述了这张图片/;
const IMAGE_UNUSED_EN = /the image you sent was not used/;
const IMAGE_UNUSED_ZH = /没有使用你发送的图片/;
const NO_IMAGE_EN = /There was no image/;
const NO_IMAGE_ZH = /没有收到图片/;

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

  // --- Issue 12: the misroutes found in "The first hour" ---
  { text: 'give me the outlines', images: 1, expect: { task: 'edges', locale: 'en', prompt: '' } },
  { text: 'show me the depth', images: 1, expect: { task: 'depth', locale: 'en', prompt: '' } },
  {
    text: 'make a 4:1 banner that says GRAND OPENING',
    expect: { task: 'poster', locale: 'en', params: { aspect: { w: 4, h: 1 } } },
  },
  {
    text: 'a sign that says OPEN 24 HOURS',
    expect: { task: 'poster', locale: 'en', prompt: 'a sign that says OPEN 24 HOURS' },
  },
  { text: 'where is the dog?', images: 1, expect: { task: 'ground', locale: 'en', prompt: 'dog' } },
  { text: 'label everything you see', images: 1, expect: { task: 'detect', locale: 'en', prompt: '' } },
  { text: 'outline the motorcycle', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'motorcycle' } },
  { text: 'what does this sign say?', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'what does that sign say', images: 1, expect: { task: 'ocr', locale: 'en' } },

  // --- English as people type it in chat, with an image ---
  { text: 'whats this sign say', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'wat does that label say lol', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'can u read this for me', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'read it pls', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: "what's written on the board?", images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'whats on the menu', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'type out the text in this screenshot', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'what do these signs say', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'what does the text on his shirt say?', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'what does the sign mean?', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'what does this mean', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: "where's the cat", images: 1, expect: { task: 'ground', locale: 'en', prompt: 'cat' } },
  { text: 'where r my glasses', images: 1, expect: { task: 'ground', locale: 'en', prompt: 'glasses' } },
  {
    text: 'can you find the red umbrella',
    images: 1,
    expect: { task: 'ground', locale: 'en', prompt: 'red umbrella' },
  },
  { text: 'point out the exits', images: 1, expect: { task: 'ground', locale: 'en', prompt: 'exits' } },
  { text: 'show me where the keys are', images: 1, expect: { task: 'ground', locale: 'en', prompt: 'keys' } },
  { text: 'label all the people', images: 1, expect: { task: 'detect', locale: 'en', prompt: 'people' } },
  { text: 'circle the bird pls', images: 1, expect: { task: 'detect', locale: 'en', prompt: 'bird' } },
  { text: 'highlight every car', images: 1, expect: { task: 'detect', locale: 'en', prompt: 'car' } },
  { text: 'where was this taken?', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'where is this place', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'outline the dog pls', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'dog' } },
  { text: 'outline each person', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'person' } },
  { text: 'just the outlines pls', images: 1, expect: { task: 'edges', locale: 'en' } },
  { text: 'outline map', images: 1, expect: { task: 'edges', locale: 'en' } },
  { text: 'show depth pls', images: 1, expect: { task: 'depth', locale: 'en' } },
  { text: 'how far away is everything', images: 1, expect: { task: 'depth', locale: 'en' } },
  { text: 'give me a depth map of this', images: 1, expect: { task: 'depth', locale: 'en' } },
  { text: 'isolate the bottle', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'bottle' } },
  { text: 'is this a real photo?', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'whats going on here', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'who is this', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'rate my outfit 1-10', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'explain this meme', images: 1, expect: { task: 'understand', locale: 'en' } },
  {
    text: 'describe this pls',
    images: 1,
    expect: { task: 'understand', locale: 'en', prompt: 'Describe this image.' },
  },
  { text: 'pls make it b&w', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'make it look like a polaroid', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'blur the background', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'crop it to a square', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'a bit brighter pls', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'more contrast', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'draw a cat', images: 1, expect: { task: 'generate', locale: 'en', prompt: 'a cat', hint: IMAGE_UNUSED_EN } },
  {
    text: 'generate a new image of a sunset',
    images: 1,
    expect: { task: 'generate', locale: 'en', prompt: 'a sunset', hint: IMAGE_UNUSED_EN },
  },
  {
    text: 'draw me something new, a castle at night',
    images: 1,
    expect: { task: 'generate', locale: 'en', hint: IMAGE_UNUSED_EN },
  },
  {
    text: 'ignore the photo and draw a horse',
    images: 1,
    expect: { task: 'generate', locale: 'en', hint: IMAGE_UNUSED_EN },
  },
  {
    text: 'paint a sunset in watercolor',
    images: 1,
    expect: { task: 'generate', locale: 'en', prompt: 'a sunset in watercolor', hint: IMAGE_UNUSED_EN },
  },
  { text: 'draw a hat on him', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'make a poster out of this', images: 1, expect: { task: 'poster', locale: 'en' } },
  { text: 'turn this into a flyer for my bake sale', images: 1, expect: { task: 'poster', locale: 'en' } },
  { text: 'make a banner from this pic that says SALE 50% OFF', images: 1, expect: { task: 'poster', locale: 'en' } },
  { text: 'add a sign that says OPEN', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'put the text "hello" on it', images: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'what color is the car', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'how many dogs', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'count the people', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'lol', images: 1, expect: { task: 'understand', locale: 'en', hint: UNCLEAR_EN } },
  { text: '👀', images: 1, expect: { task: 'understand', locale: 'en', hint: UNCLEAR_EN } },
  { text: 'show me a cat', images: 1, expect: { task: 'understand', locale: 'en', hint: UNCLEAR_EN } },
  { text: 'give me the edges', images: 1, expect: { task: 'edges', locale: 'en' } },
  { text: 'can you tell me what the poster says', images: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'depth pls', images: 1, expect: { task: 'depth', locale: 'en' } },

  // --- Replies to the bot image, chat style ---
  { text: 'make it darker', replyImages: 1, expect: { task: 'edit', locale: 'en' } },
  { text: 'where is the cat?', replyImages: 1, expect: { task: 'ground', locale: 'en', prompt: 'cat' } },
  { text: 'what does it say', replyImages: 1, expect: { task: 'ocr', locale: 'en' } },
  { text: 'lol thanks', replyImages: 1, expect: { task: 'understand', locale: 'en', hint: UNCLEAR_EN } },
  { text: '狗在哪', replyImages: 1, expect: { task: 'ground', locale: 'zh', prompt: '狗' } },
  { text: '换成蓝色背景', replyImages: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '谢谢', replyImages: 1, expect: { task: 'understand', locale: 'zh', hint: UNCLEAR_ZH } },
  { text: '上面写的啥', replyImages: 1, expect: { task: 'ocr', locale: 'zh' } },

  // --- English without an image, chat style ---
  {
    text: 'a cat wearing sunglasses, pixel art',
    expect: { task: 'generate', locale: 'en', prompt: 'a cat wearing sunglasses, pixel art' },
  },
  {
    text: 'a 16:9 wallpaper of mountains at dawn',
    expect: { task: 'generate', locale: 'en', params: { aspect: { w: 16, h: 9 } } },
  },
  { text: 'a flyer for a lost cat named Mochi', expect: { task: 'poster', locale: 'en' } },
  { text: 'a birthday card that says Happy 30th Sam', expect: { task: 'poster', locale: 'en' } },
  { text: 'book cover titled The Last Lighthouse', expect: { task: 'poster', locale: 'en' } },
  { text: 'a neon sign saying OPEN LATE', expect: { task: 'poster', locale: 'en' } },
  { text: 'a wooden sign with the words "Welcome Home"', expect: { task: 'poster', locale: 'en' } },
  { text: 'where is the eiffel tower?', expect: { task: 'understand', locale: 'en', hint: NO_IMAGE_EN } },
  { text: 'find the dog', expect: { task: 'detect', locale: 'en', prompt: 'dog' } },
  { text: 'outline the car', expect: { task: 'segment', locale: 'en', prompt: 'car' } },
  { text: 'pls draw a cute corgi', expect: { task: 'generate', locale: 'en', prompt: 'a cute corgi' } },
  {
    text: 'gimme a picture of a fox in the snow',
    expect: { task: 'generate', locale: 'en', prompt: 'a fox in the snow' },
  },
  {
    text: 'a robot reading a newspaper',
    expect: { task: 'generate', locale: 'en', prompt: 'a robot reading a newspaper' },
  },
  {
    text: 'a sunset over tokyo in 21:9 ratio',
    expect: { task: 'generate', locale: 'en', params: { aspect: { w: 7, h: 3 } } },
  },
  { text: 'a dog on a skateboard 🛹', expect: { task: 'generate', locale: 'en' } },

  // --- Chinese as people type it in chat, with an image ---
  { text: '狗在哪', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '狗' } },
  { text: '猫咪在哪里呀', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '猫咪' } },
  { text: '帮我找一下图里的钥匙', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '钥匙' } },
  { text: '把图里的人都框出来', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '人' } },
  { text: '标出所有的车', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '车' } },
  { text: '圈出图中的猫', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '猫' } },
  { text: '能不能把狗圈一下', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '狗' } },
  { text: '帮我标一下图里的东西', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '' } },
  { text: '我的手机在哪里', images: 1, expect: { task: 'ground', locale: 'zh' } },
  { text: '球在图的哪个位置', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '球' } },
  { text: '指出图里的红绿灯', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '红绿灯' } },
  { text: '找找有没有猫', images: 1, expect: { task: 'detect', locale: 'zh' } },
  { text: '把猫的轮廓描出来', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '猫' } },
  { text: '把这只狗抠出来', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '这只狗' } },
  { text: '分割一下人物', images: 1, expect: { task: 'segment', locale: 'zh' } },
  { text: '给我线稿', images: 1, expect: { task: 'edges', locale: 'zh' } },
  { text: '提取轮廓', images: 1, expect: { task: 'edges', locale: 'zh' } },
  { text: '边缘检测一下', images: 1, expect: { task: 'edges', locale: 'zh' } },
  { text: '深度图', images: 1, expect: { task: 'depth', locale: 'zh' } },
  { text: '看一下深度', images: 1, expect: { task: 'depth', locale: 'zh' } },
  { text: '这张图的远近关系', images: 1, expect: { task: 'depth', locale: 'zh' } },
  { text: '这个牌子上写的啥', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '上面写了什么字', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '帮我把上面的字打出来', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '识别一下文字', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '这张截图里的文字提取一下', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '读一下这个菜单', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '这写的啥啊', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '这句话什么意思', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '翻译一下图里的字', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这是啥', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这是哪里', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这是在哪拍的', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这只狗是什么品种', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '图里有几只猫', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '好看吗', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '帮我看看这张照片怎么样', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这个人是谁', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这道菜能吃吗', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '分析一下这张图', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '把它变成黑白的', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: 'p成复古风', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '帮我把背景虚化一下', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '去掉水印', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '调亮一点', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '换个蓝色背景', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '加个标题“毕业快乐”', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '能不能帮我把照片裁成正方形', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '变成动漫风格吧', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '旋转90度', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '画一只猫', images: 1, expect: { task: 'generate', locale: 'zh', prompt: '一只猫', hint: IMAGE_UNUSED_ZH } },
  {
    text: '重新画一张，海边的日落',
    images: 1,
    expect: { task: 'generate', locale: 'zh', prompt: '海边的日落', hint: IMAGE_UNUSED_ZH },
  },
  { text: '不用这张图，帮我画一只柴犬', images: 1, expect: { task: 'generate', locale: 'zh', hint: IMAGE_UNUSED_ZH } },
  {
    text: '生成一张新的图：雪山下的小木屋',
    images: 1,
    expect: { task: 'generate', locale: 'zh', hint: IMAGE_UNUSED_ZH },
  },
  { text: '用这张照片做一张海报', images: 1, expect: { task: 'poster', locale: 'zh' } },
  { text: '做个横幅，写着新年快乐', images: 1, expect: { task: 'poster', locale: 'zh' } },
  { text: '做成一张传单', images: 1, expect: { task: 'poster', locale: 'zh' } },
  { text: '在上面加一行字：生日快乐', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '嗯', images: 1, expect: { task: 'understand', locale: 'zh', hint: UNCLEAR_ZH } },
  { text: '帮我把图里的字都抄下来', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '念一下上面的字', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '图上这个标志是什么牌子', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '这俩人在干嘛', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '帮我数一下有几个人', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: '车在图里的哪个位置？', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '车' } },
  { text: '给每个人都框一下', images: 1, expect: { task: 'detect', locale: 'zh' } },
  { text: '把天空调蓝一点', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '来个油画风格', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '把我P瘦一点', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '生成深度图吧', images: 1, expect: { task: 'depth', locale: 'zh' } },
  { text: '帮我找下图里的遥控器', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '遥控器' } },
  { text: '哈哈哈', images: 1, expect: { task: 'understand', locale: 'zh', hint: UNCLEAR_ZH } },

  // --- Chinese without an image, chat style ---
  { text: '画一只戴墨镜的猫', expect: { task: 'generate', locale: 'zh', prompt: '一只戴墨镜的猫' } },
  { text: '来一张赛博朋克风的城市夜景', expect: { task: 'generate', locale: 'zh', prompt: '赛博朋克风的城市夜景' } },
  { text: '帮我生成一张16:9的山水画', expect: { task: 'generate', locale: 'zh', params: { aspect: { w: 16, h: 9 } } } },
  { text: '做一张海报，写着“春季骑行节”', expect: { task: 'poster', locale: 'zh' } },
  { text: '做一个写着生日快乐的横幅', expect: { task: 'poster', locale: 'zh' } },
  { text: '一块写着营业中的招牌', expect: { task: 'poster', locale: 'zh' } },
  { text: '设计一张贺卡，上面写“新年快乐”', expect: { task: 'poster', locale: 'zh' } },
  { text: '做个4:1的横幅，写着欢迎光临', expect: { task: 'poster', locale: 'zh', params: { aspect: { w: 4, h: 1 } } } },
  { text: '帮我做个传单 宠物店开业', expect: { task: 'poster', locale: 'zh' } },
  { text: '来个写着“欢迎回家”的门牌', expect: { task: 'poster', locale: 'zh' } },
  { text: '狗在哪里', expect: { task: 'understand', locale: 'zh', hint: NO_IMAGE_ZH } },
  { text: '识别一下文字', expect: { task: 'ocr', locale: 'zh' } },
  { text: '框出所有的人', expect: { task: 'detect', locale: 'zh', prompt: '人' } },
  { text: '把背景换成白色', expect: { task: 'edit', locale: 'zh' } },
  { text: '你好', expect: { task: 'understand', locale: 'zh', hint: HELP_ZH } },
  { text: '一只在月球上的兔子', expect: { task: 'generate', locale: 'zh', prompt: '一只在月球上的兔子' } },
  {
    text: '赛博朋克风格的上海外滩 --ar 16:9',
    expect: { task: 'generate', locale: 'zh', params: { aspect: { w: 16, h: 9 } } },
  },
  { text: '能不能画个可爱的小熊', expect: { task: 'generate', locale: 'zh' } },
  { text: '帮我画一下长城的雪景', expect: { task: 'generate', locale: 'zh' } },
  { text: '画只柯基吧', expect: { task: 'generate', locale: 'zh' } },
  { text: '我想要一张星空下的帐篷', expect: { task: 'generate', locale: 'zh' } },
  { text: '画个头像，二次元风格，紫色头发', expect: { task: 'generate', locale: 'zh' } },
  { text: '怎么用', expect: { task: 'understand', locale: 'zh', hint: HELP_ZH } },
  { text: '今天天气怎么样', expect: { task: 'understand', locale: 'zh', hint: NO_IMAGE_ZH } },

  // --- Mixed English and Chinese ---
  { text: '这个sign上写的啥', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: 'dog在哪', images: 1, expect: { task: 'ground', locale: 'zh', prompt: 'dog' } },
  { text: '帮我 outline 一下这辆车', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '这辆车' } },
  { text: '把背景 blur 一下', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: 'make it 黑白', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: 'help me 找一下猫', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '猫' } },
  { text: 'ocr一下谢谢', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: 'depth map 一下', images: 1, expect: { task: 'depth', locale: 'zh' } },
  { text: '能不能 detect 一下', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '' } },
  { text: '这个 logo 什么意思', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: 'where is 猫', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '猫' } },
  { text: '画一只cat', images: 1, expect: { task: 'generate', locale: 'zh', hint: IMAGE_UNUSED_ZH } },
  { text: '这个app的界面是啥语言', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: 'P一下，vintage 风', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '给我 edges', images: 1, expect: { task: 'edges', locale: 'zh' } },
  { text: '帮我 segment 一下这个人', images: 1, expect: { task: 'segment', locale: 'zh', prompt: '这个人' } },
  { text: 'read一下上面的字', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: '帮我把这个 sign 上的字读出来', images: 1, expect: { task: 'ocr', locale: 'zh' } },
  { text: 'find 一下图里的 dog', images: 1, expect: { task: 'ground', locale: 'zh' } },
  { text: '这张pic是在哪拍的', images: 1, expect: { task: 'understand', locale: 'zh' } },
  { text: 'make a 海报 from this', images: 1, expect: { task: 'poster', locale: 'zh' } },
  { text: '背景换成 white 吧', images: 1, expect: { task: 'edit', locale: 'zh' } },
  { text: '画一只 shiba inu 在太空', expect: { task: 'generate', locale: 'zh' } },
  { text: 'a poster 写着 春节快乐', expect: { task: 'poster', locale: 'zh' } },
  { text: '做个 banner，写着 Grand Opening', expect: { task: 'poster', locale: 'zh' } },
  { text: '帮我做一张 flyer，写着 yard sale', expect: { task: 'poster', locale: 'zh' } },
  { text: 'generate 一张赛博朋克猫', expect: { task: 'generate', locale: 'zh' } },
  { text: '画一个 minimalist logo，一只猫', expect: { task: 'generate', locale: 'zh' } },

  // --- Issue 14: one described thing is grounded (Qwen-VL, or COCO detection without it) ---
  { text: "where's the red umbrella", images: 1, expect: { task: 'ground', locale: 'en', prompt: 'red umbrella' } },
  { text: "find the giraffe's head", images: 1, expect: { task: 'ground', locale: 'en', prompt: "giraffe's head" } },
  { text: 'locate the bicycle please', images: 1, expect: { task: 'ground', locale: 'en', prompt: 'bicycle' } },
  { text: 'where are the people', images: 1, expect: { task: 'ground', locale: 'en', prompt: 'people' } },
  { text: '狗在哪里？', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '狗' } },
  { text: '找到红色的伞', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '红色的伞' } },
  { text: '长颈鹿的头在哪里', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '长颈鹿的头' } },
  { text: '帮我定位一下红色的车', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '红色的车' } },
  { text: 'where is the 红色的伞', images: 1, expect: { task: 'ground', locale: 'zh', prompt: '红色的伞' } },
  // Near misses: no image, everything of a kind, marking words, a mask, the place itself.
  { text: 'where is the nearest beach', expect: { task: 'understand', locale: 'en', hint: NO_IMAGE_EN } },
  { text: 'find all the people', images: 1, expect: { task: 'detect', locale: 'en', prompt: 'people' } },
  { text: '找出图中所有的人', images: 1, expect: { task: 'detect', locale: 'zh', prompt: '人' } },
  { text: 'label the dogs', images: 1, expect: { task: 'detect', locale: 'en', prompt: 'dogs' } },
  { text: 'segment the cat', images: 1, expect: { task: 'segment', locale: 'en', prompt: 'cat' } },
  { text: 'where is this?', images: 1, expect: { task: 'understand', locale: 'en' } },
  { text: 'where can I buy this?', images: 1, expect: { task: 'understand', locale: 'en' } },

  // --- Edit plans carry the program that runs (`--ar` last, as a pad) ---
  {
    text: 'make it black and white --ar 16:9',
    images: 1,
    expect: {
      task: 'edit',
      locale: 'en',
      params: { aspect: { w: 16, h: 9 } },
      steps: [{ op: 'grayscale' }, { op: 'pad', aspect: { w: 16, h: 9 }, fill: 'blur' }],
    },
  },
  {
    text: '把它变成黑白的，然后顺时针旋转90度',
    images: 1,
    expect: { task: 'edit', locale: 'zh', steps: [{ op: 'grayscale' }, { op: 'rotate', degrees: 90 }] },
  },
  // --- Several images (issue 12): side by side, grid, stack, before/after, background from another image ---
  {
    text: 'put these two pictures side by side',
    images: 2,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  },
  {
    text: 'side by side',
    images: 2,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  },
  {
    text: 'stack them',
    images: 2,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'combine', layout: 'stack' }] },
  },
  {
    text: 'make a grid of these',
    images: 5,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'combine', layout: 'grid' }] },
  },
  {
    text: 'before and after',
    images: 2,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'before-after', labels: ['Before', 'After'] }] },
  },
  {
    text: 'use this one as the background',
    images: 1,
    replyImages: 1,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'background-from', index: 2 }] },
  },
  {
    text: '把这两张图并排',
    images: 2,
    expect: { task: 'edit', locale: 'zh', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  },
  {
    text: '左右拼',
    images: 2,
    expect: { task: 'edit', locale: 'zh', steps: [{ op: 'combine', layout: 'side-by-side' }] },
  },
  { text: '上下拼', images: 2, expect: { task: 'edit', locale: 'zh', steps: [{ op: 'combine', layout: 'stack' }] } },
  { text: '拼图', images: 4, expect: { task: 'edit', locale: 'zh', steps: [{ op: 'combine', layout: 'grid' }] } },
  { text: '九宫格', images: 9, expect: { task: 'edit', locale: 'zh', steps: [{ op: 'combine', layout: 'grid' }] } },
  {
    text: '变成黑白，前后对比',
    images: 1,
    expect: {
      task: 'edit',
      locale: 'zh',
      steps: [{ op: 'grayscale' }, { op: 'before-after', labels: ['之前', '之后'] }],
    },
  },
  {
    text: '用这张做背景',
    images: 2,
    expect: { task: 'edit', locale: 'zh', steps: [{ op: 'background-from', index: 2 }] },
  },
  {
    text: 'crop to 16:9',
    images: 1,
    expect: { task: 'edit', locale: 'en', steps: [{ op: 'crop', aspect: { w: 16, h: 9 } }] },
  },
];
