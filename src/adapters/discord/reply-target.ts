import type { ReplyLocation } from '../../pipeline/index.js';
import type { RenderedReply } from './reply-render.js';

export type DiscordReplyLocation = Extract<ReplyLocation, { platform: 'discord' }>;

/** Where one job's reply lives on Discord: posted once, then edited. */
export interface ReplyTarget {
  /** The channel (or thread) the reply is in: the pacing key. */
  readonly channelId: string;
  /** The reply's message id, once known. */
  readonly messageId: string | undefined;
  /** Where the reply is, as the journal keeps it (with the message id once posted). */
  readonly location: DiscordReplyLocation;
  show(reply: RenderedReply): Promise<void>;
  /** The next show posts a new message instead of editing the old one (it was deleted or keeps failing). */
  repost(): void;
  /** Deletes a message this target posted earlier (the one a repost left behind). */
  remove(messageId: string): Promise<void>;
}

/** `base` with the reply's message id, when it has one. */
export function locatedAt(base: DiscordReplyLocation, messageId: string | undefined): DiscordReplyLocation {
  return messageId ? { ...base, messageId } : base;
}
