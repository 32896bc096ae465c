// Reply-to-iterate: threads the bot answered in, and the image a follow-up works on.
import type { WebClient } from '@slack/web-api';
import type { ImageRef, SharedNotes } from '../../pipeline/index.js';
import { imageRefFromFile, isImageFile, parseSlackFiles, type FileAccess } from './slack-files.js';

/** As long as the job journal keeps a job, its thread is remembered. */
const THREAD_MEMORY_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Threads with a Scanline reply, and who started them (they may follow up without a mention). With
 * several replicas (`shared`), a thread one of them answered is known to all: a follow-up may reach any.
 */
export class ThreadIndex {
  private readonly threads = new Map<string, string>();
  private readonly max: number;
  private readonly shared: SharedNotes | undefined;

  constructor(opts: { max?: number; shared?: SharedNotes } = {}) {
    this.max = opts.max ?? 5000;
    this.shared = opts.shared;
  }

  /** A reply was posted in the thread (told to the other replicas), or `share: false`: read from the journal. */
  add(channel: string, thread: string, userId: string, opts: { share?: boolean } = {}): void {
    const key = `${channel}:${thread}`;
    if (this.threads.has(key)) return;
    this.remember(key, userId);
    if (opts.share !== false) void this.shared?.note(`slack:thread:${key}`, userId, THREAD_MEMORY_MS);
  }

  async owner(channel: string, thread: string): Promise<string | undefined> {
    const key = `${channel}:${thread}`;
    const known = this.threads.get(key);
    if (known !== undefined || !this.shared) return known;
    const noted = await this.shared.read(`slack:thread:${key}`);
    if (noted !== undefined) this.remember(key, noted);
    return noted;
  }

  private remember(key: string, userId: string): void {
    this.threads.set(key, userId);
    while (this.threads.size > this.max) this.threads.delete(this.threads.keys().next().value as string);
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
