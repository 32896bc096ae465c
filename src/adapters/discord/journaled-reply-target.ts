import type { REST } from 'discord.js';
import { MessageReplyTarget } from './message-reply-target.js';
import type { DiscordReplyLocation } from './reply-target.js';

/**
 * The reply of a job another bot process accepted, found again from the journal (the job was taken over after
 * a restart): edited with the bot token, which outlives the process and the interaction token. Without a posted
 * reply, the first show answers the message that asked (or posts in the channel, for a slash command).
 */
export class JournaledReplyTarget extends MessageReplyTarget {
  constructor(rest: Pick<REST, 'patch' | 'post' | 'delete'>, journaled: DiscordReplyLocation) {
    super(rest, journaled);
  }
}
