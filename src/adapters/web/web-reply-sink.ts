import type { EncodedImage, JobEvent, JobView, ReplySink, SinkBudget } from '../../pipeline/types.js';
import type { BrowserSession } from './browser-sessions.js';
import type { ImageStore } from './image-store.js';
import type { WireImage, WireJob, WireView } from './wire.js';

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
 */
export class WebReplySink implements ReplySink {
  readonly budget: SinkBudget;
  private readonly opts: WebReplySinkOptions;
  private announced = false;

  constructor(opts: WebReplySinkOptions) {
    this.opts = opts;
    this.budget = opts.budget;
  }

  async open(_event: Extract<JobEvent, { type: 'queued' | 'started' }>, view: JobView): Promise<void> {
    this.show(view, view.images.map(dataUrl));
  }

  async update(_event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>, view: JobView): Promise<void> {
    this.show(view, view.images.map(dataUrl));
  }

  async finish(_event: Extract<JobEvent, { type: 'done' }>, view: JobView): Promise<void> {
    const { store, session } = this.opts;
    const images = view.images.map((image): WireImage => {
      const file = store.put({
        owner: session.userId,
        data: image.data,
        name: image.name,
        width: image.width,
        height: image.height,
      });
      return {
        id: file.id,
        url: `/files/${file.id}`,
        mime: file.mime,
        name: image.name,
        bytes: image.data.byteLength,
        width: image.width,
        height: image.height,
      };
    });
    this.show(view, images);
  }

  async fail(_event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>, view: JobView): Promise<void> {
    this.show(view, []);
  }

  private show(view: JobView, images: WireImage[]): void {
    const { session, job } = this.opts;
    if (!this.announced) {
      session.addJob({ ...job, jobId: view.jobId });
      this.announced = true;
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
