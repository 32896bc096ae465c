// What a poster says, read from the instruction (en/zh/mixed): the quoted text or
// what follows "says" / "写着" / "标题是", split into a headline, sub-lines and details.
import { findQuotedSpans } from '../router/quotes.js';

export interface PosterLines {
  headline: string;
  /** Smaller lines under the headline (a translation, a tagline). */
  subtitles: string[];
  /** Date, time and place lines, set smallest. */
  details: string[];
}

export interface PosterCopy extends PosterLines {
  /** The instruction without the poster's text: where style words ("red", "复古") are read. */
  instruction: string;
}

const SEP = String.raw`\s*[:：,，\-–—]?\s*`;

/** Words after which the poster's own text starts (earliest match wins). */
const LEADS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:that|which)\s+(?:says|reads|say|read|goes)\b${SEP}`, 'i'),
  new RegExp(String.raw`\b(?:saying|reading|says)\b${SEP}`, 'i'),
  new RegExp(
    String.raw`\bwith\s+(?:the\s+)?(?:text|words?|title|headline|slogan|caption|message|tagline)(?:\s+of)?\b${SEP}`,
    'i',
  ),
  /\b(?:text|title|headline|words|slogan|message|caption)\s*[:：=]\s*/i,
  new RegExp(String.raw`\b(?:titled|entitled|called|named)\b${SEP}`, 'i'),
  /\b(?:poster|flyer|banner)\s*[:：]\s*/i,
  /(?:上面)?(?:写着|写上|写有|写的是|上面写)\s*[:：，,]?\s*/,
  /(?:标题|主题|内容|文字|文案|标语|口号|题目)(?:是|为|叫|写)\s*[:：]?\s*|(?:标题|主题|内容|文字|文案|标语|口号|题目)\s*[:：]\s*/,
  /(?:题为|名为|叫做|名叫)\s*[:：]?\s*/,
  /(?:海报|传单)\s*[:：]\s*/,
];

/** "a poster for the bake sale", "关于骑行节的海报": the topic becomes the headline when nothing is quoted or said. */
const TOPIC_EN =
  /\b(?:poster|flyer|leaflet|placard|banner)s?\s+(?:for|about|announcing|advertising|promoting|celebrating|of)\s+(?:(?:the|a|an|my|our|this|your)\s+)?/i;
const TOPIC_ZH = /(?:关于|为|给)(.+?)(?:做|制作|设计)?(?:的|一张|一份|一个)?(?:海报|传单|宣传(?:画|单|图))/;
const TOPIC_ZH_BEFORE = /(?:做|制作|设计|画|生成|来)(?:一)?(?:张|个|份|幅)?(.+?)的(?:海报|传单|宣传(?:画|单|图))/;

/** Trailing "in red", "in a minimal style", ", retro style", ", make it feel like autumn", "，复古风格", "，要有秋天的感觉": style, not text. */
const STYLE_TAIL_EN =
  /[,;]?\s+(?:in|with|using)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:style|colou?rs?|theme|background|tones?|palette|look|vibes?|feel(?:ing)?|aesthetic|mood|font)\s*$|[,;]?\s+in\s+(?:red|blue|green|yellow|orange|purple|violet|pink|black|white|gold|neon|retro|vintage|pastels?|minimal(?:ist)?)\s*$|[,;]\s*(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}?[\w-]+[\s-](?:style|styled|look|theme|themed|aesthetic|vibes?|feel)\s*$|[,;]?\s+(?:and\s+)?(?:make\s+it|it\s+should|should)\s+(?:feel|look|be)\s+[\w\s-]{1,40}$/i;
const STYLE_TAIL_ZH =
  /[，,。；;\s]\s*(?:用|采用|使用|要|要有|有|带点|带有|整体)?[^，,。；;]{0,8}(?:风格|风|色调|配色|背景|色系|底色|感觉|氛围|味道|效果|气息|主题)(?:的)?(?:一点|一些)?\s*$|[，,。；;\s]\s*(?:要|再)?[^，,。；;]{1,6}(?:一点|一些)\s*$/;
/** "...的海报" after Chinese text: the rest is the instruction. */
const POSTER_TAIL_ZH = /的(?:海报|传单|宣传(?:画|单|图))[^]*$/;
/** A Chinese topic that is only style words ("做一张红色的海报") is no text. */
const ONLY_STYLE_ZH =
  /^(?:[红蓝绿黄橙紫粉黑白金]色?|简约|极简|复古|可爱|喜庆|霓虹|赛博朋克|优雅|高级|好看|漂亮|简单|大|小|新|一张|一个)*(?:风格|风)?$/;

const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
/** Where a date, time or place starts in a line. */
const DETAIL_STARTS: readonly RegExp[] = [
  new RegExp(String.raw`\b${MONTH}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b`, 'i'),
  new RegExp(String.raw`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}\b`, 'i'),
  /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\.\s/i,
  /\b(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b/,
  /\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b\d{1,2}:\d{2}\b/i,
  /\d{1,4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:周|星期|礼拜)[一二三四五六日天]|(?:上午|下午|晚上|早上|中午|傍晚)\s*\d{1,2}\s*[点:：]|\d{1,2}\s*[:：]\s*\d{2}/,
  /(?:地点|时间|日期|地址)\s*[:：]/,
  /(?:^|\s)(?:@\s*|at\s+(?=[A-Z0-9])|(?:venue|location|where|when|date|time)\s*:)/i,
];
/** Words that lead into a date and belong to it ("on Saturday", "this Friday", "每周六", "本周日"). */
const DETAIL_LEAD_IN = /(?:\b(?:on|from|this|next|every)\s+)$|(?:每|本|下个?|这个?)$/i;
const TRAILING_SEPARATORS = /[\s,，;；:：\-–—·•|｜]+$/;
const LEADING_SEPARATORS = /^[\s,，;；:：\-–—·•|｜]+/;

const HAN = String.raw`\p{Script=Han}`;
/** A Han run then a Latin run of two or more words: "春季骑行节 Spring Ride Festival". */
const HAN_THEN_LATIN = new RegExp(
  String.raw`^([${HAN}\d\s，。！？、·：“”《》]*[${HAN}][${HAN}\d，。！？、·“”《》]*)\s+((?:[A-Za-z][\w'&!.,-]*\s+)+[A-Za-z][^${HAN}]*)$`,
  'u',
);
const LATIN_THEN_HAN = new RegExp(
  String.raw`^((?:[A-Za-z][\w'&!.,-]*\s+)+[A-Za-z][^${HAN}]*?)\s+([${HAN}][^A-Za-z]*)$`,
  'u',
);
/** Two Chinese phrases with a space between: "周末黑客马拉松 欢迎所有程序员参加" is a title and a sub-line. */
const HAN_SPACE_HAN = new RegExp(String.raw`^([${HAN}\d·]{2,})\s+([${HAN}][^A-Za-z\s]{3,})$`, 'u');
/** "Grand Opening: 50% off everything", "春季骑行节——骑出好心情". */
const TITLE_COLON = /^(.{2,}?)(?:\s*[:：]\s+|\s+[-–—]\s+|\s*——\s*)(.{2,})$/u;

function detailStart(line: string): number {
  let best = -1;
  for (const re of DETAIL_STARTS) {
    const m = re.exec(line);
    if (!m) continue;
    let at = m.index + (m[0].length - m[0].trimStart().length);
    const lead = DETAIL_LEAD_IN.exec(line.slice(0, at));
    if (lead) at = lead.index;
    if (best < 0 || at < best) best = at;
  }
  return best;
}

const isDetail = (line: string): boolean => detailStart(line) >= 0;
const clean = (s: string): string => s.replace(LEADING_SEPARATORS, '').replace(TRAILING_SEPARATORS, '').trim();

/** Splits one stretch of poster text into headline, sub-lines and details. */
export function splitPosterLines(text: string): PosterLines {
  let parts = text
    .split(/\r?\n|\s+\/\s+|\s*[|｜]\s*/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
  if (parts.length === 1) {
    const only = parts[0] as string;
    const at = detailStart(only);
    const head = at > 0 ? clean(only.slice(0, at)) : '';
    if (head) parts = [head, clean(only.slice(at))];
  }
  // Details close a poster: from the first date/time/place line on, the rest are details too.
  const firstDetail = parts.findIndex((p, i) => i > 0 && isDetail(p));
  const cut = firstDetail > 0 ? firstDetail : parts.length;
  const details = parts.slice(cut);
  const main = parts.slice(0, cut);
  let headline = main[0] ?? '';
  const subtitles = main.slice(1);
  if (subtitles.length === 0) {
    const split =
      HAN_THEN_LATIN.exec(headline) ??
      LATIN_THEN_HAN.exec(headline) ??
      HAN_SPACE_HAN.exec(headline) ??
      TITLE_COLON.exec(headline);
    if (split) {
      headline = clean(split[1] as string);
      subtitles.push(clean(split[2] as string));
    }
  }
  return { headline, subtitles: subtitles.filter(Boolean), details: details.map(clean).filter(Boolean) };
}

function stripStyleTail(text: string): { text: string; style: string } {
  const m = STYLE_TAIL_EN.exec(text) ?? STYLE_TAIL_ZH.exec(text);
  if (!m || m.index === 0) return { text, style: '' };
  return { text: text.slice(0, m.index), style: m[0] };
}

const titleCase = (s: string): string =>
  /[A-Z]/.test(s) ? s : s.replace(/\b([a-z])([a-z']*)/g, (_w, a: string, b: string) => a.toUpperCase() + b);

const unquote = (s: string): string => s.slice(1, -1).trim();

/** Labels before a quoted piece that say which role it plays. */
const SUBTITLE_LABEL = /\b(?:sub-?title|tagline|subheading|sub-?head)\b|副标题|小标题|标语/i;
const DETAIL_LABEL = /\b(?:date|time|when|where|place|venue|location|address)\b|日期|时间|地点|地址/i;

function fromQuotes(prompt: string): PosterCopy | undefined {
  const spans = findQuotedSpans(prompt).filter((s) => unquote(prompt.slice(s.start, s.end)).length > 0);
  if (spans.length === 0) return undefined;
  const first = spans[0]!;
  const lines = splitPosterLines(unquote(prompt.slice(first.start, first.end)));
  for (let i = 1; i < spans.length; i += 1) {
    const span = spans[i]!;
    const piece = unquote(prompt.slice(span.start, span.end)).replace(/\s+/g, ' ');
    const label = prompt.slice(spans[i - 1]!.end, span.start);
    if (DETAIL_LABEL.test(label) || (!SUBTITLE_LABEL.test(label) && isDetail(piece))) lines.details.push(piece);
    else lines.subtitles.push(piece);
  }
  let instruction = '';
  let last = 0;
  for (const s of spans) {
    instruction += `${prompt.slice(last, s.start)} `;
    last = s.end;
  }
  instruction += prompt.slice(last);
  return { ...lines, instruction: instruction.replace(/\s+/g, ' ').trim() };
}

function fromLead(prompt: string): PosterCopy | undefined {
  let best: RegExpExecArray | undefined;
  for (const re of LEADS) {
    const m = re.exec(prompt);
    if (m && (!best || m.index < best.index)) best = m;
  }
  if (!best) return undefined;
  let rest = prompt.slice(best.index + best[0].length);
  let tail = '';
  const zhTail = POSTER_TAIL_ZH.exec(rest);
  if (zhTail && zhTail.index > 0) {
    tail = zhTail[0];
    rest = rest.slice(0, zhTail.index);
  }
  const styled = stripStyleTail(rest);
  const text = clean(styled.text);
  if (!text) return undefined;
  return { ...splitPosterLines(text), instruction: `${prompt.slice(0, best.index)} ${styled.style} ${tail}`.trim() };
}

function fromTopic(prompt: string): PosterCopy | undefined {
  const en = TOPIC_EN.exec(prompt);
  if (en) {
    const styled = stripStyleTail(prompt.slice(en.index + en[0].length));
    const text = clean(styled.text);
    if (text)
      return { ...splitPosterLines(titleCase(text)), instruction: `${prompt.slice(0, en.index)} ${styled.style}` };
  }
  const zh = TOPIC_ZH.exec(prompt) ?? TOPIC_ZH_BEFORE.exec(prompt);
  const topic = zh ? clean(zh[1] as string) : '';
  if (zh && topic && !ONLY_STYLE_ZH.test(topic)) {
    return { ...splitPosterLines(topic), instruction: prompt.replace(zh[1] as string, ' ') };
  }
  return undefined;
}

/**
 * The poster's text from the instruction (Plan.prompt): quoted text first, then what
 * follows "says"/"写着"/"标题是", then the topic of "a poster for ..."; undefined when it says nothing.
 */
export function extractPosterCopy(prompt: string): PosterCopy | undefined {
  const text = prompt.trim();
  return fromQuotes(text) ?? fromLead(text) ?? fromTopic(text);
}

/** Every line of the poster in reading order. */
export function allLines(lines: PosterLines): string[] {
  return [lines.headline, ...lines.subtitles, ...lines.details];
}
