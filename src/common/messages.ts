import { ERROR_CATALOG } from './errors.js';
import { fill, type ParamArgs, type Sentence, type Values } from './i18n.js';
import type { Locale } from './locale.js';

// Every sentence Scanline says, in English and Chinese, said through `t()`. Error sentences keep their
// exit codes in errors.ts and are served here under their codes.

/** One object literal, so a key written twice does not compile. */
const WORDS = {
  // The reply while a job runs and when it ends (job-view.ts, the task handlers).
  queued: { en: 'Queued: position {position}.', zh: '排队中：第 {position} 位。' },
  started: { en: 'Working on it…', zh: '正在处理…' },
  progress: { en: '{task}: {percent}%', zh: '{task}：{percent}%' },
  noText: { en: 'I found no text in this image.', zh: '这张图片里没有找到文字。' },
  done: { en: 'Done in {seconds} s.', zh: '完成，用时 {seconds} 秒。' },
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
  // What an edit did and could not do (edit/step-names.ts).
  editDone: { en: 'Done: {done}.', zh: '已完成：{done}。' },
  editDoneBut: { en: 'Done: {done}, but {but}.', zh: '已完成：{done}，但{but}。' },
  editNotDone: { en: "I can't do {what} yet.", zh: '暂时还不能：{what}。' },
  // How an enlargement was made (edit/step-names.ts): a super-resolution model, or Lanczos and why.
  upscaleEsrgan: { en: 'AI super-resolution, ESRGAN {model}', zh: 'AI 超分辨率，ESRGAN {model}' },
  upscaleEsrganResampled: {
    en: 'AI super-resolution, ESRGAN {model} ×{scale}, then Lanczos to the asked size',
    zh: 'AI 超分辨率，ESRGAN {model} ×{scale}，再用 Lanczos 缩放到所需尺寸',
  },
  upscaleLanczos: { en: 'Lanczos resampling, not AI upscaling: {why}', zh: 'Lanczos 插值，不是 AI 超分辨率：{why}' },
  lanczosNoModel: {
    en: 'the ESRGAN models are not installed (npm ci installs them)',
    zh: '没有安装 ESRGAN 模型（npm ci 会安装）',
  },
  lanczosModelFailed: {
    en: 'the ESRGAN model could not run (npm ci reinstalls it)',
    zh: 'ESRGAN 模型无法运行（可用 npm ci 重新安装）',
  },
  lanczosOverLimit: {
    en: "the model's output would pass the output limit; a smaller factor gets AI upscaling",
    zh: '模型的输出会超过输出上限；放大倍数小一些就能用 AI 超分辨率',
  },
  upscaleCapped: {
    en: 'capped at {width}×{height}, the largest output I make',
    zh: '受输出上限限制，只放大到 {width}×{height}',
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
  // Pulled mask packs (birefnet-lite, slimsam-77): the one to pull for a cleaner cut-out, the one that made a mask.
  betterMasksPull: {
    en: 'For cleaner cut-outs run “npx scanline models pull {pack}”.',
    zh: '想要更干净的抠图，请运行“npx scanline models pull {pack}”。',
  },
  maskByPack: {
    en: 'Cut out by the {pack} pack ({percent}% confidence).',
    zh: '由 {pack} 模型包抠图（置信度 {percent}%）。',
  },
  foundByGrounding: {
    en: 'Found by the {pack} pack (Qwen-VL grounding), not the COCO detector.',
    zh: '由 {pack} 模型包（Qwen-VL 定位）找到，而不是 COCO 检测器。',
  },
  groundingFailed: {
    en: 'The Qwen-VL pack could not look for it ({error}), so the COCO detector found it.',
    zh: 'Qwen-VL 模型包没能查找它（{error}），已改由 COCO 检测器查找。',
  },
  maskPackFailed: {
    en: 'The {pack} pack could not make this mask ({error}), so a fallback did; “npx scanline models verify {pack}” checks its files.',
    zh: '{pack} 模型包没能生成这个选区（{error}），已改用备用方法；可运行“npx scanline models verify {pack}”检查它的文件。',
  },
  // The image safety policy (pipeline/safety/): why a picture was held back or blurred, and what to do.
  safetyAdult: {
    en: 'my safety check rates it as adult content ({label} {score}), and adult content is not allowed here.',
    zh: '安全检查判定它为成人内容（{label} {score}），这里不允许成人内容。',
  },
  safetyBorderline: {
    en: "my safety check rates it as borderline ({label} {score}), and I can't blur images here.",
    zh: '安全检查判定它为擦边内容（{label} {score}），而这里无法把图片模糊处理。',
  },
  safetyHintAgeRestricted: {
    en: 'Ask in an age-restricted channel, or try a different request.',
    zh: '请到年龄限制频道里再试，或换个请求。',
  },
  safetyHintAdmin: {
    en: 'Try a different request; an admin can change this in the safety settings.',
    zh: '请换个请求；管理员可以在安全设置中更改。',
  },
  safetySpoiler: {
    en: 'My safety check rates this picture as borderline ({label} {score}), so it is blurred: click to see it.',
    zh: '安全检查判定这张图为擦边内容（{label} {score}），已模糊处理：点击查看。',
  },
  safetySomeWithheld: {
    en: 'I did not post {count} of the pictures: {reason}',
    zh: '有 {count} 张图片没有发出：{reason}',
  },
  maybeLabel: { en: 'maybe {article} {label}', zh: '可能是{label}' },
  maybeFound: {
    en: 'The detector is not sure it found the {label} ({percent}%).',
    zh: '检测器不太确定找到的是{label}（{percent}%）。',
  },
  standIn: {
    en: 'This looks like {article} {label} to me ({percent}%); I used it as the {asked}.',
    zh: '在我看来这像是{label}（{percent}%）；我把它当作{asked}了。',
  },

  // The router's hints about guesses, clamps and ignored flags (router/hints.ts renders them).
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
  // The tasks' own parts (task-table.ts `help`) fill {abilities}.
  help: { en: 'I can {abilities}.', zh: '我可以{abilities}。' },

  // Notes of the generate, poster, understand and annotation tasks.
  generateSeed: {
    en: 'Seed {seed}: add --seed {seed} to draw this image again.',
    zh: '种子 {seed}：加上 --seed {seed} 可以再画出同一张图。',
  },
  generateAspect: {
    en: 'The model draws {size}x{size} squares only; this is the centre cut to {w}:{h} ({width}x{height}). Real non-square generation needs a model that supports it.',
    zh: '该模型只能画 {size}x{size} 的正方形；这是按 {w}:{h} 从中间裁出的部分（{width}x{height}）。真正的非正方形生成需要支持它的模型。',
  },
  generateTestPack: {
    en: 'This is the tiny test pack ({pack}): random weights that draw noise. Get the real model with `npx scanline models pull janus-pro-1b`.',
    zh: '当前是微型测试模型包（{pack}）：随机权重，只会画出噪点。请运行 `npx scanline models pull janus-pro-1b` 获取真正的模型。',
  },
  posterSeed: {
    en: 'Seed {seed}: add --seed {seed} to get this design again.',
    zh: '种子 {seed}：加上 --seed {seed} 可以再得到这个设计。',
  },
  posterTestPack: {
    en: 'The background is a plain design: the installed image model is the tiny test pack ({pack}), which only draws noise. Run `npx scanline models pull janus-pro-1b` for generated backgrounds.',
    zh: '背景为简洁设计：当前的图像模型是微型测试模型包（{pack}），只会画出噪点。运行 `npx scanline models pull janus-pro-1b` 即可生成背景。',
  },
  posterStyleUnknown: {
    en: "I don't have a {style} look yet, so it was not used: the colours follow {basis}.",
    zh: '暂时还没有“{style}”风格，未采用：配色{basis}。',
  },
  posterNoModel: {
    en: 'The background is a plain design: no image model is installed. Run `npx scanline models pull janus-pro-1b` for generated backgrounds.',
    zh: '背景为简洁设计：尚未安装图像模型。运行 `npx scanline models pull janus-pro-1b` 即可生成背景。',
  },
  posterBasisStyle: { en: 'the other words you used', zh: '按你说的其他风格词' },
  posterBasisTheme: { en: 'the theme of the text', zh: '按文字的主题' },
  posterBasisSeed: { en: 'the seed', zh: '按种子随机选择' },
  understandDescribe: { en: 'Describe this image.', zh: '描述这张图片。' },
  understandNoAnswer: { en: 'The model gave no answer.', zh: '模型没有给出回答。' },
  understandCut: { en: 'The answer was cut at {tokens} tokens.', zh: '回答在 {tokens} 个词元处被截断。' },
  understandTestPack: {
    en: 'This is the tiny test pack ({pack}): random weights that answer with noise. Get the real model with `npx scanline models pull {pull}`.',
    zh: '当前是微型测试模型包（{pack}）：随机权重，只会给出乱码。请运行 `npx scanline models pull {pull}` 获取真正的模型。',
  },
  // Grounding a phrase (tasks/ground-task.ts): what was found, and by which model.
  groundFoundOne: { en: '{what}: 1 box', zh: '{what}：1 个框' },
  groundFound: { en: '{what}: {count} boxes', zh: '{what}：{count} 个框' },
  groundByQwen: { en: 'Boxes from Qwen-VL.', zh: '框由 Qwen-VL 给出。' },
  groundTestPack: {
    en: 'These boxes come from the tiny Qwen-VL test pack ({pack}): random weights, so they mean nothing. Get the real model with `npx scanline models pull {pull}`.',
    zh: '这些框来自微型 Qwen-VL 测试模型包（{pack}）：随机权重，没有意义。请运行 `npx scanline models pull {pull}` 获取真正的模型。',
  },
  groundTestPackCoco: {
    en: 'The installed Qwen-VL pack is the tiny test pack ({pack}), so COCO detection found these: it knows 80 kinds of things, not details such as colour or parts. For any phrase, run `npx scanline models pull {pull}`.',
    zh: '已安装的 Qwen-VL 是微型测试模型包（{pack}），所以这些框来自 COCO 检测：它认识 80 类物体，但分不清颜色、部位等细节。要查找任意描述，请运行 `npx scanline models pull {pull}`。',
  },
  groundByCoco: {
    en: 'No Qwen-VL model is installed, so COCO detection found these: it knows 80 kinds of things, not details such as colour or parts. For any phrase, run `npx scanline models pull {pack}`.',
    zh: '未安装 Qwen-VL 模型，所以这些框来自 COCO 检测：它认识 80 类物体，但分不清颜色、部位等细节。要查找任意描述，请运行 `npx scanline models pull {pack}`。',
  },
  noObjects: { en: 'I found no objects I know in this image.', zh: '这张图片里没有找到我认识的物体。' },
  noTarget: { en: 'I found no {target} in this image.', zh: '这张图片里没有找到{target}。' },
  masked: {
    en: 'Selected: {label} (detector confidence {percent}%).',
    zh: '已选取：{label}（检测置信度 {percent}%）。',
  },
  maskedSubject: { en: 'Selected the main subject.', zh: '已选取画面主体。' },
  centralGuess: {
    en: 'No object was named, so I selected the main subject in the middle of the picture.',
    zh: '没有指定物体，所以选取了画面中间的主体。',
  },
  edgesNote: { en: 'Edge map (Canny).', zh: '边缘图（Canny）。' },
  depthNote: {
    en: 'Depth map: yellow is near, purple is far. The grey map has the same values (white = near).',
    zh: '深度图：黄色近，紫色远。灰度图数值相同（白色为近）。',
  },

  // The playground (web adapter).
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

  // The Slack adapter.
  slackHelp: {
    en: [
      '*Scanline* makes and reads images right here.',
      '• Mention me with a prompt: `@Scanline a shiba in a spacesuit --ar 16:9`',
      '• Mention me with an image attached: `@Scanline read the text` / `make it black and white`',
      '• DM me an image with an instruction.',
      '• Reply in my thread to keep editing the last image there.',
      '• On any message with an image: ⋮ → *Edit with Scanline*.',
      '• `/imagine <prompt>` draws from text. Slash commands carry no files and do not work in threads: mention me there instead.',
    ].join('\n'),
    zh: [
      '*Scanline* 可以在这里生成和识别图片。',
      '• @我并写提示词：`@Scanline 一只穿宇航服的柴犬 --ar 16:9`',
      '• @我并附上图片：`@Scanline 识别文字` / `改成黑白`',
      '• 私信我一张图片和要求。',
      '• 在我的话题里回复，可继续编辑其中最后一张图片。',
      '• 在任意带图片的消息上：⋮ → *Edit with Scanline*。',
      '• `/imagine <提示词>` 根据文字作图。斜杠命令无法附带文件，也不能在话题里使用：请在话题中@我。',
    ].join('\n'),
  },
  imageBelow: { en: 'Full-size image below.', zh: '原图见下方。' },
  stillWorking: {
    en: 'The bot restarted; this request is still being worked on and its result will appear here.',
    zh: '机器人已重启；此请求仍在处理中，结果会显示在这里。',
  },
  uploadFailed: {
    en: 'The result was ready but uploading it to Slack failed. Please try again.',
    zh: '结果已生成，但上传到 Slack 失败。请重试。',
  },
  notInChannel: {
    en: 'I cannot post in this conversation. Invite me first (`/invite @Scanline`) or DM me.',
    zh: '我无法在此会话中发消息。请先邀请我（`/invite @Scanline`）或私信我。',
  },

  // Per-server settings (`/scanline settings`, `/scanline usage`): the answers everyone may meet.
  channel_closed: {
    en: 'I only answer in {channels} on this server (an admin chose these channels). Ask me there, or in a DM.',
    zh: '在此服务器上我只在 {channels} 回复（由管理员指定）。请到那里或在私信中问我。',
  },

  // What admins read (`/scanline settings`, `/scanline usage`): settings-view.ts and the chat core.
  settingsTitle: { en: 'Scanline settings for this server:', zh: '本服务器的 Scanline 设置：' },
  settingsChannelsAll: {
    en: '• Channels: I answer in every channel I can see.',
    zh: '• 频道：我在所有能看到的频道回复。',
  },
  settingsChannels: {
    en: '• Channels: I answer only in {channels} (and in DMs).',
    zh: '• 频道：我只在 {channels}（以及私信）回复。',
  },
  settingsTasksAll: { en: '• Tasks: all on.', zh: '• 功能：全部开启。' },
  settingsTasksOff: { en: '• Tasks turned off: {tasks}.', zh: '• 已关闭的功能：{tasks}。' },
  settingsCapDefault: {
    en: "• Requests per user (queued or running): the bot's own limit.",
    zh: '• 每人同时请求数（排队或运行中）：使用机器人自身的上限。',
  },
  settingsCap: {
    en: "• Requests per user (queued or running): {cap} (the bot's own limit still applies when lower).",
    zh: '• 每人同时请求数（排队或运行中）：{cap}（机器人自身上限更低时以其为准）。',
  },
  settingsLanguageAuto: {
    en: "• Language when a user's own is unknown: the language of their message.",
    zh: '• 无法得知用户语言时：使用其消息的语言。',
  },
  settingsLanguage: {
    en: "• Language when a user's own is unknown: {language}.",
    zh: '• 无法得知用户语言时：{language}。',
  },
  settingsSafety: {
    en: '• Safety: images scoring {withhold}+ as porn or hentai are withheld, {spoiler}+ as sexy are {borderline}, where adult content is not allowed. Adult content in Slack channels and DMs (no age-restricted flag): {adult}.',
    zh: '• 安全：在不允许成人内容的地方，色情或成人动漫得分 {withhold} 以上的图片不发布，性感得分 {spoiler} 以上的图片{borderline}。Slack 频道和私信（没有年龄限制标记）允许成人内容：{adult}。',
  },
  settingsBorderlineSpoiler: { en: 'posted as spoilers (blurred)', zh: '以剧透（模糊）方式发布' },
  settingsBorderlinePlain: { en: 'posted plainly', zh: '正常发布' },
  settingsYes: { en: 'yes', zh: '是' },
  settingsNo: { en: 'no', zh: '否' },
  settingsSaved: { en: 'Saved. Now:', zh: '已保存。当前设置：' },
  settingsNotAdmin: {
    en: "Only the server's admins can see or change Scanline's settings and usage (Discord: Manage Server; Slack: workspace admins and owners).",
    zh: '只有服务器管理员可以查看或修改 Scanline 的设置和用量（Discord：管理服务器权限；Slack：工作区管理员和所有者）。',
  },
  settingsServerOnly: {
    en: "Settings belong to a server: use this command in the server's channels, not in a DM.",
    zh: '设置属于某个服务器：请在服务器的频道中使用此命令，而不是在私信中。',
  },
  settingsNoStore: {
    en: 'This Scanline process keeps no settings (the command-line tool); start the bot with `npm start`.',
    zh: '此 Scanline 进程不保存设置（命令行工具）；请用 `npm start` 启动机器人。',
  },
  settingsSlackHelp: {
    en: [
      "*/scanline settings* shows this workspace's settings; add one change to make it:",
      '• `task <name> on|off`  (names: {tasks})',
      '• `channel #channel on|off`, `channels all`',
      '• `cap <1-100>` or `cap default`  (requests per user, queued or running)',
      "• `language en|zh|auto`  (when a user's own is unknown)",
      '• `withhold <0-1>`, `spoiler <0-1>`, `borderline spoiler|plain`, `adult on|off`  (the safety policy)',
      '*/scanline usage* shows the last 30 days. Both are for workspace admins and owners.',
    ].join('\n'),
    zh: [
      '*/scanline settings* 显示本工作区的设置；加上一项修改即可更改：',
      '• `task <名称> on|off`（名称：{tasks}）',
      '• `channel #频道 on|off`、`channels all`',
      '• `cap <1-100>` 或 `cap default`（每人同时排队或运行的请求数）',
      '• `language en|zh|auto`（无法得知用户语言时）',
      '• `withhold <0-1>`、`spoiler <0-1>`、`borderline spoiler|plain`、`adult on|off`（安全策略）',
      '*/scanline usage* 显示最近 30 天的用量。两者仅限工作区管理员和所有者使用。',
    ].join('\n'),
  },
  settingBadTask: { en: '“{value}” is not a task. Tasks: {tasks}.', zh: '“{value}”不是功能名称。可用功能：{tasks}。' },
  settingMissingOption: {
    en: 'Also choose {option} for the {name} you named.',
    zh: '请同时为所指定的 {name} 选择 {option}。',
  },
  settingBadOnOff: { en: '“{value}” is neither on nor off.', zh: '“{value}”既不是 on 也不是 off。' },
  settingBadNumber: {
    en: 'The {name} must be a number from {min} to {max}; “{value}” is not.',
    zh: '{name} 必须是 {min} 到 {max} 之间的数；“{value}”不是。',
  },
  settingBadWhole: {
    en: 'The {name} must be a whole number from {min} to {max}; “{value}” is not.',
    zh: '{name} 必须是 {min} 到 {max} 之间的整数；“{value}”不是。',
  },
  settingBadChannel: {
    en: '“{value}” is not a channel: name one as #channel.',
    zh: '“{value}”不是频道：请用 #频道 的形式指定。',
  },
  settingBadChannels: {
    en: '“channels {value}”: only “channels all” is known.',
    zh: '“channels {value}”：只支持“channels all”。',
  },
  settingTooManyChannels: { en: 'At most {max} channels can be listed.', zh: '最多只能列出 {max} 个频道。' },
  settingBadLanguage: {
    en: '“{value}” is not a language I speak: en, zh or auto.',
    zh: '“{value}”不是我支持的语言：en、zh 或 auto。',
  },
  settingBadBorderline: {
    en: '“{value}”: borderline images are either spoiler or plain.',
    zh: '“{value}”：边缘图片只能是 spoiler 或 plain。',
  },
  settingUnknown: {
    en: '“{value}” is not a setting. Settings: {names}.',
    zh: '“{value}”不是设置项。设置项：{names}。',
  },
  usageTitle: {
    en: 'Usage in the last {days} days ({from} to {to}): {jobs} jobs, {refused} refused.',
    zh: '最近 {days} 天的用量（{from} 至 {to}）：{jobs} 个任务，{refused} 个被拒绝。',
  },
  usageNone: { en: 'Nobody asked me anything here in that time.', zh: '这段时间里没有人在这里使用我。' },
  usageByTask: { en: '• By task: {tasks}.', zh: '• 按功能：{tasks}。' },
  usageTaskLine: {
    en: '{task} {done} done, {failed} failed, {cancelled} cancelled, {refused} refused',
    zh: '{task} 完成 {done}，失败 {failed}，取消 {cancelled}，拒绝 {refused}',
  },
  usageTopUsers: { en: '• Top users: {users}.', zh: '• 使用最多的用户：{users}。' },
  usageUserLine: { en: '{user} {jobs} ({refused} refused)', zh: '{user} {jobs}（拒绝 {refused}）' },
  usageByDay: { en: '• By day (jobs, +refused): {days}.', zh: '• 按天（任务数，+拒绝数）：{days}。' },
  usageRefusals: { en: '• Refusals by reason: {reasons}.', zh: '• 拒绝原因：{reasons}。' },
  usagePrivacy: {
    en: '_Usage keeps user ids and counts for 30 days: no images, no prompts._',
    zh: '_用量只保存用户 ID 和计数 30 天：不保存图片和提示词。_',
  },

  // The "what should change?" form: Discord's modal and Slack's, the same words.
  modalTitle: { en: 'Edit with Scanline', zh: '用 Scanline 编辑' },
  modalLabel: { en: 'What should change?', zh: '要怎么修改？' },
  modalPlaceholder: { en: 'e.g. make it look like a 19th-century photo', zh: '例如：改成 19 世纪老照片的样子' },
  modalSubmit: { en: 'Edit', zh: '编辑' },
  modalCancel: { en: 'Cancel', zh: '取消' },
} as const satisfies Record<string, Sentence>;

/** Every sentence by key (read by the catalog's tests); say them with `t`. */
export const MESSAGES = { ...WORDS, ...ERROR_CATALOG };

type Catalog = typeof MESSAGES;
export type MessageKey = keyof Catalog;

/** Says one sentence: `t('queued', locale, { position: 2 })`. The values are typed by the sentence's `{name}` slots. */
export function t<K extends MessageKey>(key: K, locale: Locale, ...params: ParamArgs<Catalog[K]>): string {
  return fill(MESSAGES[key][locale], (params[0] ?? {}) as Values);
}

/** Says a sentence whose key and values travel as data (a router hint): the values are not checked. */
export function tValues(key: MessageKey, locale: Locale, values: Values = {}): string {
  return fill(MESSAGES[key][locale], values);
}
