import type { ButtonConversation, InstructionForm, NewReply, Request, SinkBudget } from '../../pipeline/index.js';
import type { BrowserSession } from './browser-sessions.js';
import { HttpError, type JsonAnswer } from './http-responses.js';
import type { ImageStore } from './image-store.js';
import type { SessionFiles } from './session-files.js';
import { WebReplySink } from './web-reply-sink.js';
import { withSeed } from './web-messages.js';
import type { WireImage, WireJob } from './wire.js';

export interface WebConversationOptions {
  session: BrowserSession;
  files: SessionFiles;
  store: ImageStore;
  budget: SinkBudget;
  /** The button whose press this answers, when a Reroll or Upscale may start a job. */
  via?: WireJob['via'];
  /** The turn the button sits on, and its final image (Edit replies to it). */
  turn?: { jobId: string; finalImage?: WireImage };
}

type Recorded =
  | { kind: 'answer'; answer: JsonAnswer }
  | { kind: 'refused'; sentence: string }
  | { kind: 'submitted'; sink: WebReplySink };

/**
 * The playground answers each request over HTTP, so its primitives only record what the chat core chose;
 * `answer()` is what the route then sends.
 */
export class WebConversation implements ButtonConversation {
  private readonly opts: WebConversationOptions;
  private recorded: Recorded | undefined;

  constructor(opts: WebConversationOptions) {
    this.opts = opts;
  }

  /** The job's turn: the request as the page shows it (a Reroll's bubble says the seed it draws with). */
  reply(request: Request): NewReply {
    const { session, files, store, budget, via } = this.opts;
    const seed = via === 'reroll' ? request.params.seed : undefined;
    const replyTo = request.replyTo?.images.flatMap((ref) => files.shown(ref))[0];
    const sink = new WebReplySink({
      session,
      store,
      budget,
      job: {
        // The journal keeps the text as typed.
        text: seed !== undefined ? withSeed(request.text, seed) : request.text,
        inputs: request.images.flatMap((ref) => files.shown(ref)),
        ...(replyTo ? { replyTo } : {}),
        ...(via ? { via } : {}),
        ...(seed !== undefined ? { seed } : {}),
        at: request.receivedAt,
      },
    });
    this.recorded = { kind: 'submitted', sink };
    return { sink };
  }

  async whisper(text: string): Promise<void> {
    this.recorded = { kind: 'refused', sentence: text };
  }

  async acknowledge(): Promise<void> {
    this.recorded = { kind: 'answer', answer: { status: 200, body: { outcome: 'cancelled' } } };
  }

  async deleteReply(): Promise<void> {
    const jobId = this.opts.turn?.jobId;
    if (jobId) this.opts.session.delete(jobId);
    this.recorded = { kind: 'answer', answer: { status: 200, body: { outcome: 'deleted' } } };
  }

  async askInstruction(form: InstructionForm): Promise<void> {
    // The page asks in its own composer: it gets the image to reply to.
    const image = this.opts.turn?.finalImage;
    const body = { outcome: 'ask_instruction', ...(image ? { replyTo: { image, jobId: form.jobId } } : {}) };
    this.recorded = { kind: 'answer', answer: { status: 200, body } };
  }

  /** The recorded answer; a refusal throws its HttpError, a submitted job answers once its turn is on the page. */
  async answer(): Promise<JsonAnswer> {
    const recorded = this.recorded;
    if (!recorded) throw new Error('the chat core chose no answer for this request');
    if (recorded.kind === 'refused') throw new HttpError(409, 'refused', recorded.sentence);
    if (recorded.kind === 'answer') return recorded.answer;
    return { status: 202, body: { outcome: 'submitted', jobId: await recorded.sink.jobId } };
  }
}
