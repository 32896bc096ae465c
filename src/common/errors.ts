import type { Locale } from './locale.js';

/**
 * Every failure a user can cause or meet has a code, a sentence in each
 * language that says what to do, and a CLI exit code (README "Exit codes").
 */
const CATALOG = {
  usage: {
    exit: 2,
    en: '{detail}',
    zh: '{detail}',
  },
  image_empty: {
    exit: 3,
    en: 'The file "{name}" is empty (0 bytes). Please attach the image again.',
    zh: '文件「{name}」是空的（0 字节）。请重新上传图片。',
  },
  image_unsupported: {
    exit: 3,
    en: 'The file "{name}" is not an image I can read ({detail}). Please send a PNG, JPEG, WebP, GIF, TIFF or AVIF.',
    zh: '文件「{name}」不是我能读取的图片（{detail}）。请发送 PNG、JPEG、WebP、GIF、TIFF 或 AVIF。',
  },
  image_svg: {
    exit: 3,
    en: 'The file "{name}" is an SVG drawing. I only read raster images: please export it as PNG and send it again.',
    zh: '文件「{name}」是 SVG 矢量图。我只能读取位图：请导出为 PNG 后重新发送。',
  },
  image_corrupt: {
    exit: 3,
    en: 'The image "{name}" is damaged or cut off and cannot be decoded. Please upload it again.',
    zh: '图片「{name}」已损坏或不完整，无法解码。请重新上传。',
  },
  image_too_large: {
    exit: 3,
    en: 'The image "{name}" is {width}x{height} pixels; the limit is {limit} megapixels. Please send a smaller image.',
    zh: '图片「{name}」为 {width}x{height} 像素，超过 {limit} 百万像素的上限。请发送更小的图片。',
  },
  file_too_large: {
    exit: 3,
    en: 'The file "{name}" is larger than {limitMb} MB. Please send a smaller file.',
    zh: '文件「{name}」超过 {limitMb} MB。请发送更小的文件。',
  },
  image_missing: {
    exit: 3,
    en: 'This needs an image: attach one (or reply to an image) and ask again.',
    zh: '这个操作需要一张图片：请附上图片（或回复一张图片）后再试。',
  },
  download_host: {
    exit: 4,
    en: 'I can only fetch images uploaded to this chat; "{host}" is not an allowed host.',
    zh: '我只能读取上传到本聊天的图片；「{host}」不在允许的来源列表中。',
  },
  download_failed: {
    exit: 4,
    en: 'I could not download "{name}" ({detail}). Please try again in a moment.',
    zh: '无法下载「{name}」（{detail}）。请稍后再试。',
  },
  download_timeout: {
    exit: 4,
    en: 'Downloading "{name}" took longer than {seconds} s. Please try again or send a smaller file.',
    zh: '下载「{name}」超过 {seconds} 秒。请重试或发送更小的文件。',
  },
  model_missing: {
    exit: 5,
    en: 'No model for "{task}" is installed. Run `npx scanline models pull {pack}` on the bot host.',
    zh: '未安装「{task}」所需的模型。请在机器人主机上运行 `npx scanline models pull {pack}`。',
  },
  task_unavailable: {
    exit: 5,
    en: 'I cannot do "{task}" yet on this server.',
    zh: '此服务器暂时还不能执行「{task}」。',
  },
  busy_user: {
    exit: 6,
    en: 'You already have {count} requests waiting. Please wait for one to finish (about {seconds} s) and try again.',
    zh: '你已有 {count} 个请求在排队。请等其中一个完成（约 {seconds} 秒）后再试。',
  },
  busy_channel: {
    exit: 6,
    en: 'This channel already has {count} requests waiting. Please try again in about {seconds} s.',
    zh: '本频道已有 {count} 个请求在排队。请约 {seconds} 秒后再试。',
  },
  busy_global: {
    exit: 6,
    en: 'I am busy with {count} requests right now. Please try again in about {seconds} s.',
    zh: '我现在正在处理 {count} 个请求。请约 {seconds} 秒后再试。',
  },
  cancelled: {
    exit: 7,
    en: 'Cancelled.',
    zh: '已取消。',
  },
  interrupted: {
    exit: 7,
    en: 'This request was interrupted because the bot restarted. Please send it again.',
    zh: '机器人重启，此请求已中断。请重新发送。',
  },
  config: {
    exit: 8,
    en: '{detail}',
    zh: '{detail}',
  },
  internal: {
    exit: 1,
    en: 'Something went wrong on my side (error id {id}). Please try again; if it keeps failing, tell the bot admin.',
    zh: '我这边出了问题（错误编号 {id}）。请重试；如果一直失败，请联系机器人管理员。',
  },
} as const satisfies Record<string, { exit: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof CATALOG;

export type ErrorParams = Record<string, string | number>;

export function formatMessage(code: ErrorCode, locale: Locale, params: ErrorParams = {}): string {
  const template = CATALOG[code][locale];
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(CATALOG, code);
}

export function exitCodeFor(code: ErrorCode): number {
  return CATALOG[code].exit;
}

/** A failure with a user-facing sentence. Anything else is reported as `internal`. */
export class ScanlineError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}, options?: { cause?: unknown }) {
    super(formatMessage(code, 'en', params), options);
    this.name = 'ScanlineError';
    this.code = code;
    this.params = params;
  }

  userMessage(locale: Locale): string {
    return formatMessage(this.code, locale, this.params);
  }

  get exitCode(): number {
    return exitCodeFor(this.code);
  }
}

export function isScanlineError(error: unknown): error is ScanlineError {
  return error instanceof ScanlineError;
}

/** The documented exit codes, for `scanline --help` and the README. */
export const EXIT_CODES: ReadonlyArray<[number, string]> = [
  [0, 'success'],
  [1, 'internal error (a bug: the log line has an error id)'],
  [2, 'usage error (unknown option, missing argument)'],
  [3, 'bad input image (empty, corrupt, truncated, not an image, SVG, too many pixels, too large)'],
  [4, 'download refused or failed (host not allowed, timeout, HTTP error)'],
  [5, 'model pack missing or task not available'],
  [6, 'busy (a queue cap was reached)'],
  [7, 'cancelled or interrupted'],
  [8, 'configuration error'],
];
