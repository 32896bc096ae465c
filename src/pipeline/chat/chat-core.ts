// The conversation policy every platform shares: how a message becomes a job, what a button does, what a
// handler failure says, how interrupted jobs are told. Adapters parse platform events into these calls and
// offer the platform's primitives (a new reply, a private answer, a modal, deleting a reply).
import type { Logger } from 'pino';
import { t, tValues } from '../../common/messages.js';
import { resolveAction } from '../chat-actions.js';
import { reportInternal } from '../internal-error.js';
import type { JobRecord, StoredImage } from '../job-journal.js';
import { parseActionCustomId } from '../job-view.js';
import type { JobHandle, Pipeline } from '../pipeline.js';
import { detectLocale } from '../router/language.js';
import { route } from '../router/router.js';
import { serverKey, type ServerSettings } from '../settings/server-settings.js';
import {
  applyChanges,
  changesFromOptions,
  parseSettingWords,
  SettingInputError,
  type SettingChange,
  type SettingOptions,
} from '../settings/setting-changes.js';
import { settingsView, usageView } from '../settings/settings-view.js';
import type {
  ImageRef,
  Locale,
  Platform,
  ReplyLocation,
  ReplySink,
  Request,
  RequestParams,
  Requester,
  Task,
} from '../types.js';

/** What an adapter read from one inbound message, slash command or form. */
export interface Inbound {
  from: Requester;
  /** The instruction with the bot mention removed. */
  text: string;
  images?: ImageRef[];
  task?: Task;
  params?: RequestParams;
  replyTo?: Request['replyTo'];
}

/** A reply the platform is about to post for a new job, and where it will live before it is posted. */
export interface NewReply {
  sink: ReplySink;
  location?: ReplyLocation;
}

/** The platform's primitives for answering one inbound event. */
export interface Conversation {
  /** A new reply for the job of this request (the playground shows the request beside it). */
  reply(request: Request): NewReply;
  /** Tells only the person who sent the event (an ephemeral message, a form error). */
  whisper(text: string): Promise<void>;
}

/** The words of the form that asks for an edit instruction, the same on every platform. */
export interface InstructionForm {
  /** The job whose image is edited. */
  jobId: string;
  locale: Locale;
  title: string;
  label: string;
  placeholder: string;
  /** The buttons' words, for platforms whose forms name them (Slack). */
  submit: string;
  cancel: string;
}

/** The primitives a button press on a job's reply may need. */
export interface ButtonConversation extends Conversation {
  /** Acknowledges the press without an answer of its own (the job's reply shows the change). */
  acknowledge(): Promise<void>;
  /** Deletes the reply the button sits on, and files only it shows (`location`: where the journal says it lives). */
  deleteReply(location: ReplyLocation | undefined): Promise<void>;
  /** Opens the form asking what to change in the reply's image. */
  askInstruction(form: InstructionForm): Promise<void>;
}

export interface ButtonPress {
  /** The button's custom id (`scanline:<action>:<jobId>`). */
  customId: string;
  /** Who pressed it. */
  by: Requester;
  /** Rebuilds a journaled input image with the platform's auth (Reroll). */
  hydrate(image: StoredImage): ImageRef;
  /** The image the reply shows now (Upscale): from the message itself, or from the journaled location. */
  replyImage?(record: JobRecord | undefined): ImageRef | undefined;
  /** The reply's message id (Upscale's reply-to); the job id when the platform has none. */
  replyMessageId?: string;
}

/** Anyone who could delete a reply may end its job that way. */
const REPLY_DELETED = { userId: 'reply-deleted', isModerator: true };

/** Whether the bot answers this requester under the server's channel list (DMs are never restricted). */
export function answersIn(server: ServerSettings, from: Requester): boolean {
  return from.isDM || server.channels.length === 0 || server.channels.includes(from.channelId);
}

/** Channel mentions as both Discord and Slack render them. */
export function channelList(channels: readonly string[]): string {
  return channels.map((id) => `<#${id}>`).join(', ');
}

/** The one builder of Requests: adapters hand over what they parsed. */
export function makeRequest(inbound: Inbound): Request {
  return {
    from: inbound.from,
    text: inbound.text,
    images: inbound.images ?? [],
    ...(inbound.task ? { task: inbound.task } : {}),
    params: inbound.params ?? {},
    ...(inbound.replyTo ? { replyTo: inbound.replyTo } : {}),
    receivedAt: Date.now(),
  };
}

export function instructionForm(jobId: string, locale: Locale): InstructionForm {
  return {
    jobId,
    locale,
    title: t('modalTitle', locale),
    label: t('modalLabel', locale),
    placeholder: t('modalPlaceholder', locale),
    submit: t('modalSubmit', locale),
    cancel: t('modalCancel', locale),
  };
}

/** One per adapter, over the process's shared pipeline. */
export class ChatCore {
  readonly pipeline: Pipeline;
  readonly platform: Platform;
  private readonly log: Logger;
  private sweeping: NodeJS.Timeout | undefined;

  constructor(opts: { pipeline: Pipeline; platform: Platform; log: Logger }) {
    this.pipeline = opts.pipeline;
    this.platform = opts.platform;
    this.log = opts.log;
  }

  /**
   * A message, command or form asked for something: plan it, queue it, answer on a new reply. The server's
   * settings apply first: outside the channels its admins chose, the asker is told so privately (resolves
   * undefined); a task they turned off or their per-user cap is the job's answer.
   */
  ask(inbound: Inbound, conversation: Pick<Conversation, 'reply' | 'whisper'>): Promise<JobHandle | undefined> {
    return this.submit(makeRequest(inbound), conversation);
  }

  /** Submits a request built elsewhere (a button's outcome) on a new reply, under the server's settings. */
  async submit(
    request: Request,
    conversation: Pick<Conversation, 'reply' | 'whisper'>,
  ): Promise<JobHandle | undefined> {
    const server = await this.pipeline.serverSettings(request.from);
    const from = request.from;
    if (!answersIn(server, from)) {
      const locale = from.locale ?? server.language ?? detectLocale(request.text);
      this.pipeline.recordUsage(from, request.task ?? route(request).task, 'refused', 'channel_closed');
      this.log.info({ channel: from.channelId, user: from.userId }, 'asked outside the chosen channels');
      await conversation.whisper(t('channel_closed', locale, { channels: channelList(server.channels) }));
      return undefined;
    }
    // The server's language stands in for the user's own when the platform does not say it.
    const localized =
      server.language && !from.locale ? { ...request, from: { ...from, locale: server.language } } : request;
    const { sink, location } = conversation.reply(localized);
    return this.pipeline.submit(localized, sink, { ...(location ? { reply: location } : {}), server });
  }

  /**
   * `/scanline settings`: the server's settings after `changes` (as options, or as the words of the text
   * form; none: just the view), as the sentence to show the admin privately. Non-admins, DMs without a
   * server and bad values get a sentence saying why.
   */
  async settings(
    by: Requester,
    changes: readonly SettingChange[] | { words: readonly string[] } | { options: SettingOptions },
  ): Promise<string> {
    const refusal = this.adminRefusal(by);
    if (refusal) return refusal;
    const current = await this.pipeline.serverSettings(by);
    const locale = by.locale ?? current.language ?? 'en';
    let next: ServerSettings;
    try {
      const list =
        'words' in changes
          ? parseSettingWords(changes.words)
          : 'options' in changes
            ? changesFromOptions(changes.options)
            : changes;
      if (list.length === 0) return settingsView(current, locale);
      next = applyChanges(current, list);
      await this.pipeline.saveServerSettings(by, next);
      this.log.info({ ...serverKey(by), by: by.userId, changes: list }, 'server settings changed');
    } catch (error) {
      if (error instanceof SettingInputError) return tValues(error.key, locale, error.values);
      throw error;
    }
    return `${t('settingsSaved', locale)}\n${settingsView(next, by.locale ?? next.language ?? 'en')}`;
  }

  /** `/scanline usage`: the server's last 30 days, for its admins only. */
  async usage(by: Requester): Promise<string> {
    const refusal = this.adminRefusal(by);
    if (refusal) return refusal;
    const locale = by.locale ?? (await this.pipeline.serverSettings(by)).language ?? 'en';
    return usageView(await this.pipeline.serverUsage(by), locale);
  }

  private adminRefusal(by: Requester): string | undefined {
    const locale = by.locale ?? 'en';
    if (!this.pipeline.settings) return t('settingsNoStore', locale);
    if (!by.guildId) return t('settingsServerOnly', locale);
    if (!by.isAdmin) {
      this.log.info({ user: by.userId, server: by.guildId }, 'settings refused: not an admin');
      return t('settingsNotAdmin', locale);
    }
    return undefined;
  }

  /** A button on a job's reply was pressed: decide once what it does and do it with the platform's primitives. */
  async press(press: ButtonPress, conversation: ButtonConversation): Promise<void> {
    const parsed = parseActionCustomId(press.customId);
    const fallback = press.by.locale ?? 'en';
    if (!parsed) return conversation.whisper(t('job_gone', fallback));
    const record = await this.pipeline.record(parsed.jobId);
    const locale = press.by.locale ?? record?.plan.locale ?? 'en';
    const replyImage = press.replyImage?.(record);
    // A job the journal says is still going may run in another bot process (a replica): it is asked first.
    const going = record?.state === 'queued' || record?.state === 'running';
    const cancelled =
      parsed.action === 'cancel' && going ? await this.pipeline.cancelAnywhere(parsed.jobId, press.by) : undefined;
    const outcome = resolveAction({
      action: parsed.action,
      jobId: parsed.jobId,
      record,
      cancel: (by) => cancelled ?? this.pipeline.cancel(parsed.jobId, by),
      by: press.by,
      locale,
      hydrate: press.hydrate,
      ...(replyImage ? { replyImage } : {}),
      ...(press.replyMessageId ? { replyMessageId: press.replyMessageId } : {}),
    });
    switch (outcome.kind) {
      case 'refuse':
        return conversation.whisper(outcome.message);
      case 'cancelled':
        return conversation.acknowledge();
      case 'delete':
        return conversation.deleteReply(record?.reply);
      case 'ask_instruction':
        return conversation.askInstruction(instructionForm(parsed.jobId, locale));
      case 'submit':
        await this.submit(outcome.request, conversation);
    }
  }

  /** The platform says a job's reply was deleted: that ends the job (deleting the reply is how people cancel). */
  replyDeleted(jobId: string): void {
    const outcome = this.pipeline.cancel(jobId, REPLY_DELETED);
    this.log.info({ job: jobId, outcome }, 'reply was deleted; job ended');
  }

  /**
   * Runs one event handler. A throw is logged with an error id and the sender gets the `internal` sentence
   * with that id in their language; the adapter keeps serving everyone else. Never rejects.
   */
  async guard(
    event: string,
    answer: { locale: Locale | (() => Promise<Locale>); tell(text: string): Promise<unknown> } | undefined,
    run: () => Promise<void>,
  ): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!answer) {
        reportInternal(this.log, error, { event });
        return;
      }
      try {
        const locale = typeof answer.locale === 'function' ? await answer.locale() : answer.locale;
        const { errorId, sentence } = reportInternal(this.log, error, { event }, locale);
        await answer
          .tell(sentence)
          .catch((e: unknown) => this.log.warn({ err: e, errorId }, 'could not tell the user about the failure'));
      } catch (e) {
        this.log.warn({ err: e }, 'could not tell the user about the failure');
      }
    }
  }

  /**
   * Jobs of this platform that were queued or running when their process stopped. With SCANLINE_REDIS_URL a
   * job a `scanline worker` still runs (or finished while no bot listened) is taken over on the reply
   * `reattach` gives back from its journaled location: it ends there with its result, buttons and all. Every
   * other one is marked failed and `tell` shows the `interrupted` sentence on its reply (best effort, one
   * warning per reply it cannot reach). With a shared journal the look is repeated while the process runs:
   * another replica may stop at any time (and a process killed just before this one started is seen gone
   * only once its heartbeat expires). Resolves with the number told interrupted.
   */
  async recoverInterrupted(
    tell?: (record: JobRecord, sentence: string) => Promise<void>,
    reattach?: (record: JobRecord) => ReplySink | undefined,
  ): Promise<number> {
    const recover = () => this.recoverOnce(tell, reattach);
    const count = await recover();
    const every = this.pipeline.journal.orphanSweepMs;
    const closing = this.pipeline.closingSignal;
    if (every !== undefined && !closing.aborted && !this.sweeping) {
      let running = false;
      this.sweeping = setInterval(() => {
        if (running || closing.aborted) return;
        running = true;
        void recover().finally(() => (running = false));
      }, every).unref();
      closing.addEventListener('abort', () => clearInterval(this.sweeping), { once: true });
    }
    return count;
  }

  private async recoverOnce(
    tell: ((record: JobRecord, sentence: string) => Promise<void>) | undefined,
    reattach: ((record: JobRecord) => ReplySink | undefined) | undefined,
  ): Promise<number> {
    const { interrupted: records, adopted } = await this.pipeline.recoverInterrupted(this.platform, reattach);
    if (adopted.length > 0) this.log.info({ jobs: adopted.map((r) => r.id) }, 'jobs of a stopped bot taken over');
    if (tell) {
      for (const record of records) {
        try {
          await tell(record, t('interrupted', record.plan.locale));
        } catch (error) {
          this.log.warn({ err: error, job: record.id }, 'could not tell an interrupted job');
        }
      }
    }
    if (records.length > 0) this.log.info({ count: records.length }, 'interrupted jobs told');
    return records.length;
  }

  /** The journaled jobs, oldest first (e.g. to find the bot's threads again after a restart). */
  recentJobs(): Promise<JobRecord[]> {
    return this.pipeline.recentJobs();
  }

  record(jobId: string): Promise<JobRecord | undefined> {
    return this.pipeline.record(jobId);
  }
}
