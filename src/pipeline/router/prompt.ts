import { taskEntry } from '../tasks/task-table.js';
import type { Locale, Task } from '../types.js';
import type { Guess } from './intent.js';
import type { Instruction } from './normalize.js';

export const DESCRIBE_PROMPT: Record<Locale, string> = {
  en: 'Describe this image.',
  zh: '描述这张图片。',
};

export const CAPTION_PROMPT: Record<Locale, string> = {
  en: 'Write a one-sentence caption for this image.',
  zh: '为这张图片写一句简短的说明。',
};

/** "describe", "describe this image", "描述一下": nothing beyond the default prompt. */
const BARE_DESCRIBE =
  /^(?:describe|explain|analy[sz]e|describe and explain)(?:\s+(?:it|this|that|the|this|these))?(?:\s+(?:image|photo|picture|pic|one|for me))?[\s.!?]*$|^(?:描述|介绍|说说|讲讲|看看|分析|解释)(?:一下)?(?:这张|这幅|这个)?(?:图片?|照片|图像)?[。！？!?\s]*$/i;
const BARE_CAPTION =
  /^(?:caption|captions|write a caption|give (?:it|this|me) a caption|caption (?:this|it))(?:\s+(?:image|photo|picture|pic))?[\s.!?]*$|^(?:配(?:个|一句)?文案|写(?:个|一句)?(?:标题|配文))[。！？!?\s]*$/i;

const GENERATE_LEAD_EN =
  /^(?:(?:draw|paint|sketch|illustrate|render|generate|create|make|design|imagine|visuali[sz]e|produce|show|give|picture)(?:\s+(?:me|us))?|gimme|i want|i'd like|i would like|can i (?:get|have))\b[\s:：,，]*/i;
const PICTURE_OF =
  /^(?:(?:an?|the|some)\s+)?(?:(?:new|quick|simple|nice|cool|beautiful|cute|high[- ]quality|realistic|detailed)\s+)*(?:picture|image|photo|photograph|drawing|painting|illustration|render(?:ing)?|artwork|art|pic|wallpaper)s?\s+(?:of|showing|with|depicting|featuring)\s+/i;
const GENERATE_LEAD_ZH =
  /^(?:重新画|重画|另画|新画|画|绘制|绘画|生成|创作|创建|制作|做|来|我想要|我要|想要)(?:一(?:张|幅|副))?(?:新的?)?[:：,，\s]*/;
const PICTURE_TAIL_ZH = /的(?:图片|图像|照片|图|画|插画|插图|壁纸)$/;

/** "draw me a picture of a shiba" -> "a shiba"; "生成一张赛博朋克城市的图片" -> "赛博朋克城市". */
export function generationPrompt(core: string): string {
  let p = core.trim();
  const en = GENERATE_LEAD_EN.exec(p);
  if (en) p = p.slice(en[0].length);
  else {
    const zh = GENERATE_LEAD_ZH.exec(p);
    if (zh) p = p.slice(zh[0].length);
  }
  p = p.replace(PICTURE_OF, '').replace(PICTURE_TAIL_ZH, '');
  return p.trim();
}

const TARGET_LEAD_EN =
  /^(?:(?:please\s+)?(?:segment(?:ation of)?|cut\s+out|cutout|isolate|extract|mask(?:\s+out)?|(?:make|create|get|give me|generate|compute|output)\s+(?:a\s+|the\s+)?(?:segmentation\s+)?masks?\s+(?:of|for)|detect|find|locate|spot|mark|highlight|circle|label|tag|outline|trace|point\s+(?:at|to|out)|show\s+(?:me\s+)?where|(?:wh?ere|whre|wher)(?:'s|s|\s+is|\s+are|\s+r)|pinpoint|box|(?:draw|put)\s+(?:a\s+)?(?:bounding\s+)?box(?:es)?\s+(?:around|on))\b)\s*/i;
const DETERMINERS_EN = /^(?:(?:all|every|each|any|the|a|an|of|my|where|out)\s+)+/i;
const SCENE_TAIL_EN =
  /\s+(?:in|from|on|out of|within)\s+(?:the|this|that|my)\s+(?:image|photo|picture|pic|background|scene|frame|shot)\b.*$|\s+(?:out|for me|pls|plz|please)$|\s+(?:is|are)(?:\s+at)?$|\s+(?:at|located|hiding)$/i;
const TARGET_BA_ZH = /^把(.+?)都?(?:抠|分割|框|标|圈|找|描|勾)(?:出来|下来|起来|出|一下)?/;
const TARGET_LEAD_ZH =
  /^(?:框出来?|框选|框一下|标出来?|标一下|标注|标记出?|圈出来?|圈一下|找出来?|找到|找一下|找下|找找|指出|检测(?:出)?|定位|识别出?|分割出?|抠出来?|提取出?)/;
const TARGET_WHERE_ZH = /^(.+?)(?:都)?在(?:哪|图(?:中|里|片里)?的?哪|什么(?:地方|位置))/;
const TARGET_SCOPE_ZH =
  /^(?:一下)?(?:图中|图里|图上|图片中|图片里|照片中|照片里|这张图(?:中|里)?|画面中)?(?:的)?(?:所有|全部|每个|每一个|每一只)?(?:的)?/;
const TARGET_TAIL_ZH = /的(?:位置|轮廓|边框|区域)$/;
const GENERIC_TARGET =
  /^(?:objects?|things?|everything|everything you (?:can )?see|what you see|stuff|items?|all|it|this|them|the image|物体|东西|对象|目标|所有东西|一切|全部|所有|每个东西)?$/i;

/** "segment the cat" -> "cat"; "框出所有的人" -> "人"; "detect objects" -> "" (everything). */
export function targetPrompt(core: string): string {
  let t = core.trim();
  const ba = TARGET_BA_ZH.exec(t);
  if (ba) t = ba[1] as string;
  else {
    const en = TARGET_LEAD_EN.exec(t);
    if (en) t = t.slice(en[0].length);
    const zh = TARGET_LEAD_ZH.exec(t);
    if (zh) t = t.slice(zh[0].length);
    const where = TARGET_WHERE_ZH.exec(t);
    if (where) t = where[1] as string;
  }
  t = t.replace(DETERMINERS_EN, '').replace(SCENE_TAIL_EN, '');
  t = t.replace(TARGET_SCOPE_ZH, '').replace(TARGET_TAIL_ZH, '');
  t = t.trim();
  return GENERIC_TARGET.test(t) ? '' : t;
}

function understandPrompt(ins: Instruction, locale: Locale, guess: Guess | undefined): string {
  const body = ins.body.trim();
  // Help has no image to describe: the question itself is all there is.
  if (guess === 'help') return body;
  if (guess === 'unclear' && body) {
    return locale === 'zh'
      ? `${DESCRIBE_PROMPT.zh}用户说：「${body}」`
      : `${DESCRIBE_PROMPT.en} The user wrote: "${body}"`;
  }
  if (body === '' || guess === 'empty') return DESCRIBE_PROMPT[locale];
  if (BARE_CAPTION.test(ins.core)) return CAPTION_PROMPT[locale];
  if (BARE_DESCRIBE.test(ins.core)) return DESCRIBE_PROMPT[locale];
  return body;
}

/** What the model is asked for the chosen task (Plan.prompt). */
export function buildPrompt(task: Task, ins: Instruction, locale: Locale, guess?: Guess): string {
  switch (taskEntry(task).prompt) {
    case 'drawing':
      return generationPrompt(ins.core);
    case 'question':
      return understandPrompt(ins, locale, guess);
    case 'target':
      return targetPrompt(ins.core);
    case 'none':
      return '';
    case 'instruction':
      return ins.core;
  }
}
