import { fill, type ParamsOf, type Slots } from './i18n.js';
import type { Locale } from './locale.js';

/**
 * Every failure a user can cause or meet has a code, a sentence in each
 * language that says what to do, and a CLI exit code (README "Exit codes").
 */
export const ERROR_CATALOG = {
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
  input_unsafe: {
    exit: 9,
    en: 'I can\'t use the image "{name}" here: my safety check rates it as adult content ({label} {score}), and adult content is not allowed here. Please send another image.',
    zh: '我不能在这里使用图片「{name}」：安全检查判定它为成人内容（{label} {score}），这里不允许成人内容。请换一张图片。',
  },
  safety_withheld: {
    exit: 9,
    en: 'I made the picture but did not post it: {reason} {hint}',
    zh: '图片已生成，但没有发出：{reason}{hint}',
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
  hub_auth_missing: {
    exit: 4,
    en: 'The Hugging Face hub refused "{repo}" (HTTP {status}) and no HF_TOKEN is set. If the repo is gated, log in and accept its terms at {url}, then set HF_TOKEN to an access token of that account (https://huggingface.co/settings/tokens) and pull again.',
    zh: 'Hugging Face 拒绝访问「{repo}」（HTTP {status}），且未设置 HF_TOKEN。如果该仓库需要授权，请登录并在 {url} 接受其条款，然后把 HF_TOKEN 设为该账号的访问令牌（https://huggingface.co/settings/tokens）后重新下载。',
  },
  hub_auth_denied: {
    exit: 4,
    en: 'The Hugging Face hub refused "{repo}" (HTTP {status}) with the HF_TOKEN that is set. Check that the token is valid and that its account accepted the terms at {url}, then pull again.',
    zh: 'Hugging Face 使用当前的 HF_TOKEN 仍拒绝访问「{repo}」（HTTP {status}）。请确认令牌有效，且该账号已在 {url} 接受条款，然后重新下载。',
  },
  hub_not_found: {
    exit: 4,
    en: 'The hub has no file "{path}" in "{repo}" at revision {revision} (HTTP 404): the catalog may be outdated. Update Scanline, or look at the repo\'s files at {url}.',
    zh: 'Hub 上的「{repo}」在版本 {revision} 中没有文件「{path}」（HTTP 404）：模型目录可能已过期。请更新 Scanline，或在 {url} 查看该仓库的文件。',
  },
  hub_unreachable: {
    exit: 4,
    en: 'Downloading "{path}" from {endpoint} failed after {attempts} attempts ({detail}). Check the network or HF_ENDPOINT and run the same pull again: it resumes where it stopped.',
    zh: '从 {endpoint} 下载「{path}」在尝试 {attempts} 次后失败（{detail}）。请检查网络或 HF_ENDPOINT，然后再次运行相同的下载命令：会从中断处继续。',
  },
  download_corrupt: {
    exit: 4,
    en: '"{path}" from "{repo}" failed its checksum ({algorithm} expected {expected}, got {actual}); the damaged copy was deleted. Run the pull again; if it fails again, a proxy or mirror (HF_ENDPOINT) is serving a damaged file.',
    zh: '来自「{repo}」的「{path}」校验失败（{algorithm} 应为 {expected}，实际为 {actual}）；已删除损坏的副本。请重新下载；若仍失败，说明代理或镜像（HF_ENDPOINT）提供了损坏的文件。',
  },
  disk_full: {
    exit: 4,
    en: 'Not enough free disk in {dir}: this pull needs {needMb} MB more and {freeMb} MB are free. Free at least {shortMb} MB there, or set SCANLINE_MODELS_DIR to a folder on a bigger disk.',
    zh: '{dir} 所在磁盘空间不足：本次下载还需要 {needMb} MB，目前只有 {freeMb} MB 可用。请在该磁盘上至少释放 {shortMb} MB，或把 SCANLINE_MODELS_DIR 设为更大磁盘上的文件夹。',
  },
  pack_unknown: {
    exit: 2,
    en: 'There is no pack named "{name}" to pull. Packs in the catalog: {known}.',
    zh: '没有名为「{name}」的可下载模型包。目录中的模型包：{known}。',
  },
  dtype_unknown: {
    exit: 2,
    en: 'The pack "{name}" has no dtype "{dtype}". Choose one of: {choices}.',
    zh: '模型包「{name}」没有「{dtype}」这种精度。可选：{choices}。',
  },
  pack_not_removable: {
    exit: 2,
    en: '"{name}" is not in your models folder {userDir} (it is a {origin} pack at {dir}); `scanline models remove` only deletes packs it can have pulled.',
    zh: '「{name}」不在你的模型文件夹 {userDir} 中（它是位于 {dir} 的 {origin} 模型包）；`scanline models remove` 只删除下载来的模型包。',
  },
  confirm_needed: {
    exit: 2,
    en: 'Not removing {dir} without a confirmation: run the command again with --yes.',
    zh: '未经确认不会删除 {dir}：请加上 --yes 重新运行该命令。',
  },
  model_missing: {
    exit: 5,
    en: 'No model for "{task}" is installed. Run `npx scanline models pull {pack}` on the bot host.',
    zh: '未安装「{task}」所需的模型。请在机器人主机上运行 `npx scanline models pull {pack}`。',
  },
  ground_model_missing: {
    exit: 5,
    en: 'Finding "{phrase}" needs a Qwen-VL model, and none is installed: run `npx scanline models pull {pack}` on the bot host. Until then I can find the 80 COCO kinds of things (people, animals, vehicles, everyday objects), e.g. "where is the dog?".',
    zh: '要找到「{phrase}」需要 Qwen-VL 模型，但尚未安装：请在机器人主机上运行 `npx scanline models pull {pack}`。在此之前，我能找到 COCO 的 80 类物体（人、动物、车辆、常见物品），例如「狗在哪里？」。',
  },
  target_not_found: {
    exit: 5,
    en: 'I could not find "{target}" in this image. I can find people, animals, vehicles and everyday objects (the 80 COCO kinds): name one of those, or ask for the main subject.',
    zh: '在这张图片里没有找到「{target}」。我能找到人、动物、车辆和常见物品（COCO 的 80 类）：请换成其中一种，或直接要求选取主体。',
  },
  task_unavailable: {
    exit: 5,
    en: 'I cannot do "{task}" yet on this server.',
    zh: '此服务器暂时还不能执行「{task}」。',
  },
  pack_architecture_unsupported: {
    exit: 5,
    en: 'The model pack "{pack}" for "{task}" is a {architecture} model, which this Scanline cannot run. Update Scanline, or remove the pack with `npx scanline models remove {pack}` to use the next one installed.',
    zh: '用于「{task}」的模型包「{pack}」是 {architecture} 模型，当前版本的 Scanline 无法运行。请更新 Scanline，或运行 `npx scanline models remove {pack}` 删除它以使用已安装的下一个模型包。',
  },
  edit_unmapped: {
    exit: 5,
    en: 'I can\'t do {what} yet. I can, for example: make it black and white, make it look like a 19th-century photo, oil painting, pencil sketch, cartoon, watercolour, Van Gogh or pixel-art style, brighter / warmer / more contrast, rotate 90 degrees, flip, crop to square, upscale 2x, add the caption "Hello".',
    zh: '暂时还不能{what}。我可以做这些，例如：变成黑白、做成 19 世纪老照片效果、油画 / 素描 / 卡通 / 水彩 / 梵高 / 像素风格、调亮 / 暖色调 / 提高对比度、旋转 90 度、翻转、裁剪成正方形、放大两倍、加上标题“你好”。',
  },
  edit_step_invalid: {
    exit: 2,
    en: 'The edit program is not valid: {where} {detail}. Describe the edit in words instead, e.g. "make it black and white".',
    zh: '编辑步骤无效：{where} {detail}。请改用文字描述要做的修改，例如“变成黑白”。',
  },
  task_disabled: {
    exit: 5,
    en: 'An admin of this server turned off {what} ({task}) here, so I cannot do it. Ask them, or use another server or a DM.',
    zh: '此服务器的管理员已关闭「{what}」（{task}）功能，所以我不能执行。请联系管理员，或在其他服务器或私信中使用。',
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
  queue_unavailable: {
    exit: 6,
    en: 'The job queue cannot be reached right now, so nothing was started. Please try again in a minute.',
    zh: '暂时无法连接任务队列，因此没有开始处理。请一分钟后再试。',
  },
  worker_lost: {
    exit: 1,
    en: 'The worker running this request stopped before it finished, and so did the one that tried again. Please send it again.',
    zh: '处理此请求的工作进程在完成前停止了，重试的工作进程也停止了。请重新发送。',
  },
  work_inputs_expired: {
    exit: 1,
    en: 'This request waited in the queue so long that its images were cleared. Please send it again.',
    zh: '此请求在队列中等待太久，图片已被清除。请重新发送。',
  },
  action_forbidden: {
    exit: 2,
    en: 'Only the person who asked (or a moderator) can do that.',
    zh: '只有发起请求的人（或管理员）可以这样做。',
  },
  poster_text_missing: {
    exit: 2,
    en: 'Tell me what the poster should say, e.g. make a poster that says "Spring Ride Festival" (quotes, "says ..." or "text: ..." all work).',
    zh: '请告诉我海报上要写什么，例如：做一张海报，上面写着“春季骑行节”（用引号、“写着…”或“标题是…”都可以）。',
  },
  job_gone: {
    exit: 2,
    en: 'That request is no longer available (it finished or the bot forgot it). Please send it again.',
    zh: '该请求已不可用（已结束或机器人已不再保存）。请重新发送。',
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
  data_dir_not_folder: {
    exit: 8,
    en: 'SCANLINE_DATA_DIR is "{dir}", but "{path}" is a file, not a folder. Point SCANLINE_DATA_DIR at a folder (a missing one is created) and start again.',
    zh: 'SCANLINE_DATA_DIR 设为「{dir}」，但「{path}」是文件而不是文件夹。请把 SCANLINE_DATA_DIR 指向一个文件夹（不存在时会自动创建）后重新启动。',
  },
  data_dir_denied: {
    exit: 8,
    en: 'SCANLINE_DATA_DIR "{dir}" is not writable ({reason} on "{path}"). Give the bot\'s user write access there, or point SCANLINE_DATA_DIR at a writable folder, and start again.',
    zh: 'SCANLINE_DATA_DIR「{dir}」不可写入（「{path}」：{reason}）。请给运行机器人的用户写入权限，或把 SCANLINE_DATA_DIR 指向可写的文件夹，然后重新启动。',
  },
  data_dir_full: {
    exit: 8,
    en: 'The disk of SCANLINE_DATA_DIR "{dir}" is full: "{path}" could not be written. Free some space there, or point SCANLINE_DATA_DIR at a folder on another disk, and start again.',
    zh: 'SCANLINE_DATA_DIR「{dir}」所在磁盘已满：无法写入「{path}」。请在该磁盘上释放空间，或把 SCANLINE_DATA_DIR 指向其他磁盘上的文件夹，然后重新启动。',
  },
  data_dir_journal_invalid: {
    exit: 8,
    en: '"{path}" in SCANLINE_DATA_DIR is a folder or device, not the job journal file. Move it away, or point SCANLINE_DATA_DIR at another folder, and start again.',
    zh: 'SCANLINE_DATA_DIR 中的「{path}」是文件夹或设备，而不是任务日志文件。请将其移走，或把 SCANLINE_DATA_DIR 指向其他文件夹，然后重新启动。',
  },
  settings_db_newer: {
    exit: 8,
    en: 'The settings database "{path}" was written by a newer Scanline (schema {version}; this one knows up to {known}). Upgrade Scanline, or point SCANLINE_DATA_DIR at another folder, and start again.',
    zh: '设置数据库「{path}」由更新版本的 Scanline 写入（结构版本 {version}；本版本最多支持 {known}）。请升级 Scanline，或把 SCANLINE_DATA_DIR 指向其他文件夹，然后重新启动。',
  },
  settings_db_unusable: {
    exit: 8,
    en: 'The settings database "{path}" cannot be opened ({detail}). Move it away (a new one is created), or point SCANLINE_DATA_DIR at another folder, and start again.',
    zh: '无法打开设置数据库「{path}」（{detail}）。请将其移走（会新建一个），或把 SCANLINE_DATA_DIR 指向其他文件夹，然后重新启动。',
  },
  data_dir_unusable: {
    exit: 8,
    en: 'SCANLINE_DATA_DIR "{dir}" cannot be used ({detail}). Point SCANLINE_DATA_DIR at a writable folder and start again.',
    zh: 'SCANLINE_DATA_DIR「{dir}」无法使用（{detail}）。请把 SCANLINE_DATA_DIR 指向可写的文件夹后重新启动。',
  },
  redis_unreachable: {
    exit: 8,
    en: 'SCANLINE_REDIS_URL {url} does not answer ({detail}). Start Redis or fix the URL (unset it to run as one process without Redis), and start again.',
    zh: 'SCANLINE_REDIS_URL {url} 没有响应（{detail}）。请启动 Redis 或修正该地址（不设置它则以单进程、无 Redis 方式运行），然后重新启动。',
  },
  hub_file_list_missing: {
    exit: 4,
    en: '{endpoint} did not give the file list with hashes of "{repo}" at {revision} ({detail}), so nothing could be checked and nothing was installed. Run the pull again; if HF_ENDPOINT points to a mirror, use one that serves the hub\'s /api/models, or add --allow-unverified to install without checks (not recommended).',
    zh: '{endpoint} 没有提供「{repo}」在 {revision} 的文件列表及哈希（{detail}），因此无法校验，未安装任何文件。请重新下载；若 HF_ENDPOINT 指向镜像，请换用提供 Hub /api/models 接口的镜像，或加上 --allow-unverified 在不校验的情况下安装（不推荐）。',
  },
  hub_unverified: {
    exit: 4,
    en: 'The hub states no hash for {count} file(s) of "{repo}" at commit {commit} ({files}), so they cannot be checked and nothing was installed. Run the pull again later or without a mirror (unset HF_ENDPOINT); add --allow-unverified to install them unchecked (not recommended).',
    zh: 'Hub 没有给出「{repo}」在提交 {commit} 中 {count} 个文件的哈希（{files}），无法校验，未安装任何文件。请稍后重试或不使用镜像（取消 HF_ENDPOINT）；加上 --allow-unverified 可在不校验的情况下安装（不推荐）。',
  },
} as const satisfies Record<string, { exit: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export type ErrorParams = Record<string, string | number>;

type ErrorOptions = { cause?: unknown };

/**
 * The constructor's arguments after the code: the values its sentence's slots name (none when it has none).
 * A code known only as `ErrorCode` (read back from the worker or the journal) takes its params as data.
 */
export type ErrorArgs<C extends ErrorCode> = [ErrorCode] extends [C]
  ? [params?: ErrorParams, options?: ErrorOptions]
  : [Slots<(typeof ERROR_CATALOG)[C]['en']>] extends [never]
    ? [params?: Record<string, never>, options?: ErrorOptions]
    : [params: ParamsOf<(typeof ERROR_CATALOG)[C]>, options?: ErrorOptions];

/** An error's sentence with params carried as data (a ScanlineError's); sentences with typed values: `t()` in messages.ts. */
export function formatMessage(code: ErrorCode, locale: Locale, params: ErrorParams = {}): string {
  return fill(ERROR_CATALOG[code][locale], params);
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

export function exitCodeFor(code: ErrorCode): number {
  return ERROR_CATALOG[code].exit;
}

/** A failure with a user-facing sentence. Anything else is reported as `internal`. */
export class ScanlineError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly params: ErrorParams;

  constructor(code: C, ...[params = {}, options]: ErrorArgs<C>) {
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
  [4, 'download refused or failed (host not allowed, timeout, HTTP error, hub access, checksum, disk full)'],
  [5, 'model pack missing or task not available'],
  [6, 'busy (a queue cap was reached)'],
  [7, 'cancelled or interrupted'],
  [8, 'configuration error'],
  [9, 'refused by the image safety policy (a flagged input, or a result withheld)'],
];
