import type { EncodedImage, JobEvent, JobView, ReplyLocation, ReplySink, SinkBudget } from '../../pipeline/index.js';
import type { BrowserSession } from './browser-sessions.js';
import type { ImageStore } from './image-store.js';
import { wireFile, type WireImage, type WireJob, type WireView } from './wire.js';

/** Preview frames travel inline: they are small, short-lived and never worth a slot in the store. */
function dataUrl(image: EncodedImage): WireImage {
  return {
    url: `data:${image.mime};base64,${Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength).toString('base64')}`,
    mime: image.mime,
    name: image.name,
    bytes: image.data.byteLength,
    width: image.width,
    height: image.height,
  };
}

export interface WebReplySinkOptions {
  session: BrowserSession;
  store: ImageStore;
  /** The user's side of the turn; the job id is known from the first view. */
  job: Omit<WireJob, 'jobId'>;
  budget: SinkBudget;
}

/**
 * Shows one job in the playground: every JobView goes to the session's open
 * tabs as an SSE event; final images are kept in the store and sent as URLs.
 * A local page has no rate limit to share, so there is no pacing.
 */
export class WebReplySink implements ReplySink {
  readonly budget: SinkBudget;
  /** The job's id, once its turn is on the page (the first view names it). */
  readonly jobId: Promise<string>;
  private readonly opts: WebReplySinkOptions;
  private announce: ((jobId: string) => void) | undefined;

  constructor(opts: WebReplySinkOptions) {
    this.opts = opts;
    this.budget = opts.budget;
    this.jobId = new Promise((resolve) => (this.announce = resolve));
  }

  async open(_event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<ReplyLocation> {
    this.show(view, view.images.map(dataUrl));
    return { platform: 'web', session: this.opts.session.userId };
  }

  async update(
    _event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>,
    view: JobView,
    _signal: AbortSignal,
  ): Promise<void> {
    this.show(view, view.images.map(dataUrl));
  }

  async finish(_event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<void> {
    const { store, session } = this.opts;
    const images = view.images.map((image) =>
      wireFile(
        store.put({
          owner: session.userId,
          data: image.data,
          name: image.name,
          width: image.width,
          height: image.height,
        }),
      ),
    );
    this.show(view, images);
  }

  async fail(_event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<void> {
    this.show(view, []);
  }

  private show(view: JobView, images: WireImage[]): void {
    const { session, job } = this.opts;
    if (this.announce) {
      session.addJob({ ...job, jobId: view.jobId });
      this.announce(view.jobId);
      this.announce = undefined;
    }
    const wire: WireView = {
      jobId: view.jobId,
      task: view.task,
      state: view.state,
      locale: view.locale,
      status: view.status,
      ...(view.progress !== undefined ? { progress: view.progress } : {}),
      images,
      preview: view.preview,
      ...(view.text !== undefined ? { text: view.text } : {}),
      notes: view.notes,
      actions: view.actions,
    };
    session.setView(wire);
  }
}
