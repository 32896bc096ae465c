// Reply-to-iterate: threads the bot answered in, and the image a follow-up works on.
import type { WebClient } from '@slack/web-api';
import type { ImageRef } from '../../pipeline/index.js';
import { imageRefFromFile, isImageFile, parseSlackFiles, type FileAccess } from './slack-files.js';

/** Threads with a Scanline reply, and who started them (they may follow up without a mention). */
export class ThreadIndex {
  private readonly threads = new Map<string, string>();
  private readonly max: number;

  constructor(max = 5000) {
    this.max = max;
  }

  add(channel: string, thread: string, userId: string): void {
    const key = `${channel}:${thread}`;
    if (!this.threads.has(key)) this.threads.set(key, userId);
    while (this.threads.size > this.max) this.threads.delete(this.threads.keys().next().value as string);
  }

  owner(channel: string, thread: string): string | undefined {
    return this.threads.get(`${channel}:${thread}`);
  }
}

/**
 * The image a follow-up in a thread continues from: the bot's newest image there,
 * else the newest image anyone posted (the photo that started the thread).
 */
export async function lastThreadImage(
  client: WebClient,
  opts: {
    channel: string;
    thread: string;
    before: string;
    bot: { userId: string; botId?: string };
    access: FileAccess;
  },
): Promise<{ messageId: string; image: ImageRef } | undefined> {
  const answer = await client.conversations.replies({ channel: opts.channel, ts: opts.thread, limit: 200 });
  const messages = answer.messages ?? [];
  let fallback: { messageId: string; image: ImageRef } | undefined;
  for (const m of messages.toReversed()) {
    const ts = m.ts;
    if (!ts || ts === opts.before) continue;
    const file = parseSlackFiles(m.files).filter(isImageFile).pop();
    const image = file ? imageRefFromFile(file, opts.access) : undefined;
    if (!image) continue;
    const byBot = m.user === opts.bot.userId || (opts.bot.botId !== undefined && m.bot_id === opts.bot.botId);
    if (byBot) return { messageId: ts, image };
    fallback ??= { messageId: ts, image };
  }
  return fallback;
}
