// Scanline in Slack: mentions, DMs, /imagine, thread follow-ups, the message shortcut and the
// buttons all become pipeline Requests; each job is shown by a SlackReplySink.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Config } from '../../common/config.js';
import type { AdapterRuntime as Runtime } from '../adapter-runtime.js';
import { parseActionCustomId } from '../../pipeline/job-view.js';
import { resolveAction } from '../../pipeline/chat-actions.js';
import type { StoredImage } from '../../pipeline/job-journal.js';
import { createAttachmentPolicy, PLATFORM_ATTACHMENT_HOSTS } from '../../pipeline/image-io/index.js';
import type { ImageRef, Locale, Request, Requester } from '../../pipeline/types.js';
import { EventDedupe } from './event-dedupe.js';
import type { SlackHttpLimits } from './http-guard.js';
import { createBoltApp } from './slack-app.js';
import { sentenceBlocks } from './slack-blocks.js';
import { platformError, withRateLimitRetry } from './slack-errors.js';
import {
  imageRefFromStored,
  imageRefsFromFiles,
  isImageFile,
  parseSlackFiles,
  type FileAccess,
} from './slack-files.js';
import { t } from '../../common/messages.js';
import {
  EDIT_MODAL_ID,
  EDIT_SHORTCUT_ID,
  editModal,
  instructionFrom,
  parseEditTarget,
  type EditTarget,
} from './slack-modal.js';
import { SlackPeople } from './slack-people.js';
import {
  DEFAULT_SINK_TIMINGS,
  SlackReplySink,
  replyRecord,
  type SlackReplyRef,
  type SlackSinkTimings,
} from './slack-reply-sink.js';
import { eventIdOf, parseSlackMessage, slackTextToPlain, teamOf, type SlackMessage } from './slack-text.js';
import { ThreadIndex, lastThreadImage } from './slack-threads.js';
import { SLACK_TIER3_PER_MINUTE, TeamUpdateBudget } from './update-budget.js';

export interface SlackAdapterOptions {
  /** HTTP mode: where to listen (default: config.slack.port on all interfaces). Tests use port 0 on 127.0.0.1. */
  listen?: { port: number; host?: string };
  /** HTTP mode: body cap, timeouts and replay memory (defaults in http-guard.ts); tests shorten the timeouts. */
  httpLimits?: Partial<SlackHttpLimits>;
  timings?: Partial<SlackSinkTimings>;
  /** chat.update budget per workspace (Slack Tier 3: 50 a minute). */
  updatesPerMinute?: number;
  updateBurst?: number;
}

export interface SlackAdapter {
  /** HTTP mode: the port the events endpoint listens on. */
  readonly port?: number;
  readonly botUserId: string;
  close(): Promise<void>;
}

interface Identity {
  userId: string;
  botId?: string;
  team: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Starts Scanline's Slack app on the shared runtime; resolves once it receives events. */
export async function createSlackAdapter(
  runtime: Runtime,
  config: Config,
  log: Logger,
  options: SlackAdapterOptions = {},
): Promise<SlackAdapter> {
  const slack = config.slack;
  if (!slack) throw new Error('Slack is not configured (SLACK_BOT_TOKEN)');
  const slog = log.child({ part: 'slack' });
  const app = createBoltApp(slack, slog, options.httpLimits);
  await app.init();
  const client: WebClient = app.client;
  const auth = await client.auth.test();
  if (!auth.user_id || !auth.team_id) throw new Error('auth.test returned no user_id or team_id');
  const me: Identity = { userId: auth.user_id, team: auth.team_id, ...(auth.bot_id ? { botId: auth.bot_id } : {}) };

  const pipeline = runtime.pipeline;
  const access: FileAccess = {
    botToken: slack.botToken,
    policy: createAttachmentPolicy({
      baseHosts: PLATFORM_ATTACHMENT_HOSTS.slack,
      extraHosts: config.attachments.extraHosts,
      maxBytes: config.attachments.maxBytes,
      timeoutMs: config.attachments.timeoutMs,
    }),
  };
  const timings: SlackSinkTimings = { ...DEFAULT_SINK_TIMINGS, ...options.timings };
  const budget = new TeamUpdateBudget({
    perMinute: options.updatesPerMinute ?? SLACK_TIER3_PER_MINUTE,
    burst: options.updateBurst ?? 5,
  });
  const people = new SlackPeople(client);
  const threads = new ThreadIndex();
  // Threads answered before a restart: their starters may still follow up without a mention.
  for (const job of await pipeline.recentJobs()) {
    const thread = job.reply?.['thread'] ?? job.reply?.['ts'];
    if (job.from.platform === 'slack' && job.reply?.['channel'] && thread) {
      threads.add(job.reply['channel'], thread, job.from.userId);
    }
  }
  const dedupe = new EventDedupe();

  const hydrate = (image: StoredImage): ImageRef => imageRefFromStored(image, access);

  async function requester(
    user: string,
    where: { channel: string; team: string; thread?: string; ts?: string; isDM: boolean },
  ): Promise<Requester> {
    const person = await people.get(user);
    return {
      platform: 'slack',
      userId: user,
      ...(person.name ? { userName: person.name } : {}),
      channelId: where.channel,
      ...(where.thread ? { threadId: where.thread } : {}),
      ...(where.ts ? { messageId: where.ts } : {}),
      guildId: where.team,
      isDM: where.isDM,
      ...(person.locale ? { locale: person.locale } : {}),
      isModerator: person.isModerator,
    };
  }

  function submit(request: Request, ref: SlackReplyRef, onPostFailed?: (error: unknown) => void): void {
    const sink = new SlackReplySink(ref, {
      client,
      budget,
      log: slog,
      timings,
      attach: (jobId, reply) => pipeline.attachReply(jobId, reply),
      onPosted: (posted) => threads.add(posted.channel, posted.thread ?? posted.ts, request.from.userId),
      ...(onPostFailed ? { onPostFailed } : {}),
    });
    pipeline.submit(request, sink, { reply: replyRecord(ref) });
  }

  /** Anything a handler throws: logged with an id, the user gets the `internal` sentence, the app keeps serving. */
  async function safely(
    where: { channel?: string; user?: string; thread?: string; locale?: Locale },
    what: string,
    fn: () => Promise<void>,
  ): Promise<void> {
    try {
      await fn();
    } catch (error) {
      const errorId = randomUUID().slice(0, 8);
      slog.error({ err: error, errorId, handler: what }, 'Slack handler failed');
      if (!where.channel || !where.user) return;
      const locale = where.locale ?? (await people.get(where.user)).locale ?? 'en';
      await client.chat
        .postEphemeral({
          channel: where.channel,
          user: where.user,
          ...(where.thread ? { thread_ts: where.thread } : {}),
          ...sentenceBlocks(t('internal', locale, { id: errorId })),
        })
        .catch((e: unknown) => slog.warn({ err: e, errorId }, 'could not tell the user about the error'));
    }
  }

  /** A message addressed to us (mention, DM, follow-up in our thread) -> a job in its thread. */
  async function handleMessage(m: SlackMessage, team: string, isDM: boolean): Promise<void> {
    const user = m.user;
    if (!user) return;
    const thread = m.threadTs ?? m.ts;
    await safely({ channel: m.channel, user, thread }, 'message', async () => {
      const images = await imageRefsFromFiles(m.files, access, client);
      let replyTo: Request['replyTo'];
      if (images.length === 0 && m.threadTs) {
        const last = await lastThreadImage(client, {
          channel: m.channel,
          thread: m.threadTs,
          before: m.ts,
          bot: me,
          access,
        });
        if (last) replyTo = { messageId: last.messageId, images: [last.image] };
      }
      const from = await requester(user, { channel: m.channel, team, thread, ts: m.ts, isDM });
      submit(
        {
          id: randomUUID(),
          from,
          text: slackTextToPlain(m.text, me.userId),
          images,
          params: {},
          ...(replyTo ? { replyTo } : {}),
          receivedAt: Date.now(),
        },
        { channel: m.channel, team, thread },
      );
    });
  }

  // Slack retries events it thinks we missed: each event id is answered once.
  app.use(async ({ body, next }) => {
    const id = eventIdOf(body);
    if (id && !dedupe.first(id)) {
      slog.debug({ eventId: id }, 'repeated event ignored');
      return;
    }
    await next();
  });

  app.event('app_mention', async ({ event, body }) => {
    const m = parseSlackMessage(event);
    // DMs arrive as message.im; a mention there must not make a second job.
    if (!m || m.channel.startsWith('D')) return;
    await handleMessage(m, teamOf(body) ?? m.team ?? me.team, false);
  });

  app.event('message', async ({ event, body }) => {
    const m = parseSlackMessage(event);
    if (!m || m.botId || !m.user) return;
    if (m.subtype && m.subtype !== 'file_share' && m.subtype !== 'thread_broadcast') return;
    const team = teamOf(body) ?? m.team ?? me.team;
    if (m.channelType === 'im') {
      await handleMessage(m, team, true);
      return;
    }
    // Channel messages: only follow-ups by the person who started one of our threads; mentions are app_mention's.
    if (!m.threadTs || m.threadTs === m.ts || m.text.includes(`<@${me.userId}`)) return;
    if (threads.owner(m.channel, m.threadTs) !== m.user) return;
    await handleMessage(m, team, false);
  });

  app.command('/imagine', async ({ command, ack, respond }) => {
    await ack();
    await safely({ channel: command.channel_id, user: command.user_id }, 'imagine', async () => {
      const team = command.team_id || me.team;
      const from = await requester(command.user_id, {
        channel: command.channel_id,
        team,
        isDM: command.channel_name === 'directmessage' || command.channel_id.startsWith('D'),
      });
      const text = slackTextToPlain(command.text ?? '', me.userId);
      if (!text || /^(help|\?|帮助)$/i.test(text)) {
        await respond({ response_type: 'ephemeral', text: t('slackHelp', from.locale ?? 'en') });
        return;
      }
      submit(
        { id: randomUUID(), from, text, images: [], task: 'generate', params: {}, receivedAt: Date.now() },
        { channel: command.channel_id, team },
        (error) => {
          const reason = platformError(error);
          const sentence =
            reason === 'not_in_channel' || reason === 'channel_not_found'
              ? t('notInChannel', from.locale ?? 'en')
              : t('internal', from.locale ?? 'en', { id: randomUUID().slice(0, 8) });
          void respond({ response_type: 'ephemeral', text: sentence }).catch(() => undefined);
        },
      );
    });
  });

  app.action(/^scanline:/, async ({ ack, body, action }) => {
    await ack();
    if (body.type !== 'block_actions' || !isObject(action) || typeof action.action_id !== 'string') return;
    const parsed = parseActionCustomId(action.action_id);
    const channel = body.channel?.id;
    const message = isObject(body.message) ? body.message : undefined;
    const ts = str(message?.ts);
    const user = body.user.id;
    if (!parsed || !channel || !ts) return;
    const thread = str(message?.thread_ts) ?? ts;
    await safely({ channel, user, thread }, 'action', async () => {
      const team = teamOf(body) ?? me.team;
      const by = await requester(user, { channel, team, thread, ts, isDM: channel.startsWith('D') });
      const record = await pipeline.record(parsed.jobId);
      const locale: Locale = by.locale ?? record?.plan.locale ?? 'en';
      const reply = record?.reply;
      const finalImage = reply?.fileUrl
        ? hydrate({ url: reply.fileUrl, ...(reply.fileName ? { name: reply.fileName } : {}) })
        : undefined;
      const outcome = await resolveAction({
        pipeline,
        action: parsed.action,
        jobId: parsed.jobId,
        by,
        locale,
        hydrate,
        ...(finalImage ? { replyImage: finalImage } : {}),
        replyMessageId: ts,
      });
      switch (outcome.kind) {
        case 'cancelled':
          return;
        case 'refuse':
          await client.chat.postEphemeral({ channel, user, thread_ts: thread, ...sentenceBlocks(outcome.message) });
          return;
        case 'delete':
          await client.chat.delete({ channel, ts });
          if (reply?.file) await client.files.delete({ file: reply.file }).catch(() => undefined);
          return;
        case 'ask_instruction': {
          const target: EditTarget = { kind: 'job', jobId: parsed.jobId, channel, team, thread, replyTs: ts };
          await client.views.open({ trigger_id: body.trigger_id, view: editModal(target, locale) as never });
          return;
        }
        case 'submit':
          submit(outcome.request, { channel, team, thread });
          return;
      }
    });
  });

  app.shortcut(EDIT_SHORTCUT_ID, async ({ ack, body, respond }) => {
    await ack();
    if (body.type !== 'message_action') return;
    const channel = body.channel.id;
    const user = body.user.id;
    const message = parseSlackMessage(body.message, channel);
    if (!message) return;
    await safely({ channel, user, thread: message.threadTs ?? message.ts }, 'shortcut', async () => {
      const person = await people.get(user);
      const locale = person.locale ?? 'en';
      const images: StoredImage[] = parseSlackFiles(body.message.files)
        .filter(isImageFile)
        .slice(0, 4)
        .flatMap((f) => {
          const url = f.url_private_download ?? f.url_private;
          return url
            ? [{ url, ...(f.name ? { name: f.name } : {}), ...(f.mimetype ? { contentType: f.mimetype } : {}) }]
            : [];
        });
      if (images.length === 0) {
        await respond({ response_type: 'ephemeral', text: t('image_missing', locale) });
        return;
      }
      const target: EditTarget = {
        kind: 'message',
        channel,
        team: teamOf(body) ?? me.team,
        thread: message.threadTs ?? message.ts,
        ts: message.ts,
        images,
      };
      await client.views.open({ trigger_id: body.trigger_id, view: editModal(target, locale) as never });
    });
  });

  app.view(EDIT_MODAL_ID, async ({ ack, body, view }) => {
    await ack();
    const target = parseEditTarget(view.private_metadata);
    const user = body.user.id;
    if (!target) return;
    await safely({ channel: target.channel, user, thread: target.thread }, 'modal', async () => {
      const text = instructionFrom(view.state);
      if (target.kind === 'message') {
        const from = await requester(user, { ...target, isDM: target.channel.startsWith('D') });
        submit(
          { id: randomUUID(), from, text, images: target.images.map(hydrate), params: {}, receivedAt: Date.now() },
          { channel: target.channel, team: target.team, thread: target.thread },
        );
        return;
      }
      const record = await pipeline.record(target.jobId);
      const fileUrl = record?.reply?.fileUrl;
      const from = await requester(user, {
        channel: target.channel,
        team: target.team,
        ...(target.thread ? { thread: target.thread } : {}),
        isDM: target.channel.startsWith('D'),
      });
      if (!fileUrl) {
        const locale = from.locale ?? record?.plan.locale ?? 'en';
        await client.chat.postEphemeral({
          channel: target.channel,
          user,
          ...(target.thread ? { thread_ts: target.thread } : {}),
          ...sentenceBlocks(t('job_gone', locale)),
        });
        return;
      }
      const image = hydrate({ url: fileUrl, ...(record?.reply?.fileName ? { name: record.reply.fileName } : {}) });
      submit(
        {
          id: randomUUID(),
          from,
          text,
          images: [],
          params: {},
          replyTo: { messageId: target.replyTs ?? target.jobId, images: [image] },
          receivedAt: Date.now(),
        },
        { channel: target.channel, team: target.team, ...(target.thread ? { thread: target.thread } : {}) },
      );
    });
  });

  app.error(async (error) => {
    slog.error({ err: error }, 'Bolt reported an error');
  });

  const started: unknown =
    slack.mode === 'http'
      ? await app.start(options.listen ? { port: options.listen.port, host: options.listen.host } : slack.port)
      : await app.start();
  const address = slack.mode === 'http' ? ((started as Server).address() as AddressInfo | null) : null;
  slog.info({ mode: slack.mode, port: address?.port, team: me.team }, 'Slack adapter ready');

  await tellInterrupted(runtime, client, slog);

  return {
    ...(address ? { port: address.port } : {}),
    botUserId: me.userId,
    async close() {
      await app.stop();
    },
  };
}

/** Jobs that were queued or running when the process stopped: their replies say so. */
async function tellInterrupted(runtime: Runtime, client: WebClient, log: Logger): Promise<void> {
  const records = await runtime.pipeline.recoverInterrupted('slack');
  for (const r of records) {
    const message = sentenceBlocks(t('interrupted', r.plan.locale));
    const channel = r.reply?.channel ?? r.from.channelId;
    try {
      if (r.reply?.ts) {
        await withRateLimitRetry(() => client.chat.update({ channel, ts: r.reply?.ts as string, ...message }));
      } else {
        const thread = r.reply?.thread ?? r.from.threadId;
        await withRateLimitRetry(() =>
          client.chat.postMessage({ channel, ...(thread ? { thread_ts: thread } : {}), ...message }),
        );
      }
    } catch (error) {
      log.warn({ err: error, job: r.id }, 'could not tell an interrupted job');
    }
  }
}
