// Sentences only the Slack adapter says (the pipeline's words live in src/pipeline/messages.ts).
import type { Locale } from '../../pipeline/index.js';

const STRINGS = {
  help: {
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
  uploadFailed: {
    en: 'The result was ready but uploading it to Slack failed. Please try again.',
    zh: '结果已生成，但上传到 Slack 失败。请重试。',
  },
  modalSubmit: { en: 'Edit', zh: '编辑' },
  modalCancel: { en: 'Cancel', zh: '取消' },
  notInChannel: {
    en: 'I cannot post in this conversation. Invite me first (`/invite @Scanline`) or DM me.',
    zh: '我无法在此会话中发消息。请先邀请我（`/invite @Scanline`）或私信我。',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type SlackMessageKey = keyof typeof STRINGS;

export function slackSay(key: SlackMessageKey, locale: Locale): string {
  return STRINGS[key][locale];
}
