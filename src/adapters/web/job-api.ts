// The adapter's side of the playground API: a message becomes an Inbound for the chat core, a button a press.
import { t } from '../../common/messages.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  actionCustomId,
  type ChatCore,
  type JobActionId,
  type Locale,
  type Requester,
  type SinkBudget,
} from '../../pipeline/index.js';
import { MAX_IMAGES_PER_MESSAGE, MAX_TEXT_LENGTH, type JobPost } from './api-requests.js';
import type { BrowserSession } from './browser-sessions.js';
import type { JobRoutes } from './http-server.js';
import { HttpError, type JsonAnswer } from './http-responses.js';
import type { ImageStore, StoredFile } from './image-store.js';
import { SessionFiles } from './session-files.js';
import { WebConversation, type WebConversationOptions } from './web-conversation.js';

export interface JobApiOptions {
  core: ChatCore;
  store: ImageStore;
  budget: SinkBudget;
  log: Logger;
}

function requester(session: BrowserSession, locale: Locale): Requester {
  return {
    platform: 'web',
    userId: session.userId,
    // Each browser is its own conversation, so one busy tab does not fill another's channel cap.
    channelId: `web:${session.userId}`,
    messageId: randomUUID(),
    isDM: true,
    locale,
  };
}

export class JobApi implements JobRoutes {
  private readonly opts: JobApiOptions;

  constructor(opts: JobApiOptions) {
    this.opts = opts;
  }

  /** POST /api/jobs: the message, checked against the page's limits, is asked of the chat core. */
  async post(session: BrowserSession, body: JobPost, locale: Locale): Promise<JsonAnswer> {
    const text = body.text.trim();
    if ([...text].length > MAX_TEXT_LENGTH) {
      const sizes = { length: [...text].length, limit: MAX_TEXT_LENGTH };
      throw new HttpError(400, 'text_too_long', t('textTooLong', locale, sizes));
    }
    if (body.uploads.length > MAX_IMAGES_PER_MESSAGE) {
      throw new HttpError(400, 'too_many_images', t('tooManyImages', locale, { limit: MAX_IMAGES_PER_MESSAGE }));
    }
    if (!text && body.uploads.length === 0 && !body.replyTo) {
      throw new HttpError(400, 'empty_message', t('emptyMessage', locale));
    }
    const files = this.files(session);
    const kept = (id: string): StoredFile => {
      const file = files.get(id);
      if (!file) throw new HttpError(410, 'image_gone', t('imageGone', locale));
      return file;
    };
    const uploads = body.uploads.map(kept);
    const replied = body.replyTo ? kept(body.replyTo.imageId) : undefined;
    const conversation = this.conversation(session, files);
    const handle = await this.opts.core.ask(
      {
        from: requester(session, locale),
        text,
        images: uploads.map((f) => files.ref(f)),
        ...(replied && body.replyTo
          ? { replyTo: { messageId: body.replyTo.jobId, images: [files.ref(replied)] } }
          : {}),
      },
      conversation,
    );
    if (!handle) return conversation.answer();
    this.opts.log.debug({ job: handle.id, task: handle.plan.task }, 'playground job');
    return { status: 202, body: { jobId: handle.id } };
  }

  /** POST /api/jobs/<id>/actions/<action>: a button on one of this browser's own turns. */
  async press(session: BrowserSession, jobId: string, action: JobActionId, locale: Locale): Promise<JsonAnswer> {
    const turn = session.turn(jobId);
    // Other sessions' job ids are not ours to touch.
    if (!turn) throw new HttpError(410, 'job_gone', t('job_gone', locale));
    const files = this.files(session);
    const finalImage = turn.view?.state === 'done' ? turn.view.images.find((i) => i.id) : undefined;
    const finalFile = finalImage?.id ? files.get(finalImage.id) : undefined;
    const conversation = this.conversation(session, files, {
      ...(action === 'reroll' || action === 'upscale' ? { via: action } : {}),
      turn: { jobId, ...(finalImage ? { finalImage } : {}) },
    });
    await this.opts.core.press(
      {
        customId: actionCustomId(action, jobId),
        by: requester(session, locale),
        hydrate: (stored) => files.hydrate(stored),
        replyImage: () => (finalFile ? files.ref(finalFile) : undefined),
        replyMessageId: jobId,
      },
      conversation,
    );
    return conversation.answer();
  }

  private files(session: BrowserSession): SessionFiles {
    return new SessionFiles(this.opts.store, session.userId);
  }

  private conversation(
    session: BrowserSession,
    files: SessionFiles,
    press: Pick<WebConversationOptions, 'via' | 'turn'> = {},
  ): WebConversation {
    return new WebConversation({ session, files, store: this.opts.store, budget: this.opts.budget, ...press });
  }
}
