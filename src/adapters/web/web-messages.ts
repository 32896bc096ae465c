import type { Locale } from '../../pipeline/index.js';

/** Sentences only the playground says (the pipeline's and the error catalog's come localized already). */
const STRINGS = {
  unauthorized: {
    en: 'This playground needs its access token: open it with ?token=<SCANLINE_PLAYGROUND_TOKEN> once, or send the header Authorization: Bearer <token>.',
    zh: '此演示页需要访问令牌：请用 ?token=<SCANLINE_PLAYGROUND_TOKEN> 打开一次，或发送请求头 Authorization: Bearer <令牌>。',
  },
  wrongHost: {
    en: 'This playground only answers on this machine (127.0.0.1 or localhost). To reach it from elsewhere, set SCANLINE_PLAYGROUND_HOST and SCANLINE_PLAYGROUND_TOKEN.',
    zh: '此演示页只在本机（127.0.0.1 或 localhost）上可用。若要从其他机器访问，请设置 SCANLINE_PLAYGROUND_HOST 和 SCANLINE_PLAYGROUND_TOKEN。',
  },
  crossOrigin: {
    en: 'Requests from other web sites are refused. Use the playground page itself.',
    zh: '拒绝来自其他网站的请求。请直接使用演示页。',
  },
  notFound: { en: 'There is nothing at this address.', zh: '此地址没有内容。' },
  badJson: {
    en: 'The request was not valid JSON of the expected shape: {detail}.',
    zh: '请求不是预期格式的 JSON：{detail}。',
  },
  textTooLong: {
    en: 'The message is {length} characters long; the limit is {limit}. Please shorten it.',
    zh: '消息长度为 {length} 个字符，上限为 {limit}。请缩短后再发送。',
  },
  tooManyImages: {
    en: 'A message can carry at most {limit} images. Please send fewer.',
    zh: '一条消息最多附带 {limit} 张图片。请减少图片数量。',
  },
  emptyMessage: {
    en: 'Type an instruction or attach an image first.',
    zh: '请先输入指令或附上图片。',
  },
  imageGone: {
    en: 'An image of this message is no longer kept in memory. Please attach it again.',
    zh: '此消息中的某张图片已不在内存中。请重新上传。',
  },
  uploadsBusy: {
    en: 'Too many images are arriving at once, so "{name}" was not uploaded. Please attach it again in a few seconds.',
    zh: '同时上传的图片太多，「{name}」未能上传。请过几秒再重新添加。',
  },
  sessionBusy: {
    en: 'Your other images still uploading fill your {limitMb} MB share, so "{name}" was not uploaded. Please attach it again once they are done.',
    zh: '你正在上传的其他图片已占满你的 {limitMb} MB 额度，「{name}」未能上传。请等它们传完后再重新添加。',
  },
  uploadStalled: {
    en: 'Nothing of "{name}" arrived for {seconds} seconds, so its upload was dropped. Please attach it again.',
    zh: '「{name}」已有 {seconds} 秒没有传来数据，上传已放弃。请重新添加。',
  },
  storeFull: {
    en: 'The playground\'s image memory ({limitMb} MB) is full of images other people are still using, so "{name}" was not kept. Please try again in a few minutes.',
    zh: '演示台的图片内存（{limitMb} MB）已被其他人正在使用的图片占满，「{name}」未能保存。请过几分钟再试。',
  },
} as const;

export type WebMessageKey = keyof typeof STRINGS;

export function webSay(key: WebMessageKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return STRINGS[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The dashes a seed flag may start with (as the router reads them: phones and IMEs turn `--` into these). */
const SEED_FLAG_RE = /((?:^|[\s(（,，])(?:--|—{1,2}|–{1,2}|－－|−−)seed)(=|\s+)(\d+)/gi;

/** A rerolled instruction as it ran: its `--seed N` says the new seed (the request's seed parameter wins over the text's). */
export function withSeed(text: string, seed: number): string {
  return text.replace(SEED_FLAG_RE, (_whole, flag: string, gap: string) => `${flag}${gap}${seed}`);
}
