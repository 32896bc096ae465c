// What every Slack listener shares: the chat core, the Web API client, who we are, and the primitives
// for answering in a conversation (a new reply, an ephemeral message, the guard's answer).
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type {
  ChatCore,
  Conversation,
  ImageRef,
  JobRecord,
  Locale,
  ReplySink,
  Requester,
  StoredImage,
} from '../../pipeline/index.js';
import { sentenceBlocks } from './slack-blocks.js';
import { imageRefFromStored, type FileAccess } from './slack-files.js';
import { placeOf, slackLocationOf, type SlackPlace } from './slack-location.js';
import type { SlackPeople } from './slack-people.js';
import { SlackReplySink, type SlackSinkTimings } from './slack-reply-sink.js';
import type { ThreadIndex } from './slack-threads.js';
import type { TeamUpdateBudget } from './update-budget.js';

/** The bot as auth.test saw it. */
export interface SlackIdentity {
  userId: string;
  botId?: string;
  team: string;
}

export interface SlackScopeDeps {
  core: ChatCore;
  client: WebClient;
  me: SlackIdentity;
  access: FileAccess;
  people: SlackPeople;
  threads: ThreadIndex;
  budget: TeamUpdateBudget;
  timings: SlackSinkTimings;
  log: Logger;
}

/** DM channel ids start with D. */
export const isDMChannel = (channel: string): boolean => channel.startsWith('D');

export class SlackScope {
  readonly core: ChatCore;
  readonly client: WebClient;
  readonly me: SlackIdentity;
  readonly access: FileAccess;
  readonly threads: ThreadIndex;
  private readonly deps: SlackScopeDeps;

  constructor(deps: SlackScopeDeps) {
    this.deps = deps;
    this.core = deps.core;
    this.client = deps.client;
    this.me = deps.me;
    this.access = deps.access;
    this.threads = deps.threads;
  }

  /** A journaled input image, fetched again with the bot token (Reroll, the shortcut's modal). */
  readonly hydrate = (image: StoredImage): ImageRef => imageRefFromStored(image, this.access);

  /** Who sent an event, with their Slack locale and admin flag. */
  async requester(user: string, where: SlackPlace & { ts?: string }): Promise<Requester> {
    const person = await this.deps.people.get(user);
    return {
      platform: 'slack',
      userId: user,
      ...(person.name ? { userName: person.name } : {}),
      channelId: where.channel,
      ...(where.thread ? { threadId: where.thread } : {}),
      ...(where.ts ? { messageId: where.ts } : {}),
      guildId: where.team,
      isDM: isDMChannel(where.channel),
      ...(person.locale ? { locale: person.locale } : {}),
      isModerator: person.isModerator,
      isAdmin: person.isAdmin,
    };
  }

  /** Answers `user` in `place`: new replies there, whispers as ephemeral messages in the thread. */
  conversation(place: SlackPlace, user: string, onPostFailed?: (error: unknown) => void): Conversation {
    return {
      reply: () => ({
        sink: new SlackReplySink(place, {
          client: this.client,
          budget: this.deps.budget,
          log: this.deps.log,
          timings: this.deps.timings,
          // Whoever asked may follow up in the reply's thread without a mention.
          onPosted: (posted) => this.threads.add(posted.channel, posted.thread ?? posted.ts, user),
          ...(onPostFailed ? { onPostFailed } : {}),
        }),
        location: placeOf(place),
      }),
      whisper: (text) => this.whisper(place, user, text),
    };
  }

  /**
   * The reply of a job another bot process accepted (it stopped, and a `scanline worker` still runs the job), from
   * its journaled location: updated where it is, or posted in its thread when it never was.
   */
  journaledReply(record: JobRecord): ReplySink | undefined {
    const reply = slackLocationOf(record);
    if (!reply) return undefined;
    return new SlackReplySink(reply, {
      client: this.client,
      budget: this.deps.budget,
      log: this.deps.log,
      timings: this.deps.timings,
      ...(reply.ts ? { posted: reply.ts } : {}),
    });
  }

  /** An ephemeral message only `user` sees, in the thread when there is one. */
  async whisper(place: SlackPlace, user: string, text: string): Promise<void> {
    await this.client.chat.postEphemeral({
      channel: place.channel,
      user,
      ...(place.thread ? { thread_ts: place.thread } : {}),
      ...sentenceBlocks(text),
    });
  }

  /** How core.guard tells `user` a handler failed: ephemerally, in their Slack language. */
  answer(place: SlackPlace, user: string): { locale: () => Promise<Locale>; tell: (text: string) => Promise<void> } {
    return {
      locale: async () => (await this.deps.people.get(user)).locale ?? 'en',
      tell: (text) => this.whisper(place, user, text),
    };
  }
}
