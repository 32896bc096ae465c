// What the playground server sends the page: JSON over Server-Sent Events and the API.
import type { JobAction, JobState, Locale, Task } from '../../pipeline/index.js';
import type { StoredFile } from './image-store.js';

/** An image as the page loads it: a served file (`id` set) or an inline preview frame (data URL). */
export interface WireImage {
  id?: string;
  url: string;
  mime: string;
  name: string;
  bytes: number;
  width?: number;
  height?: number;
}

/** The user's side of a turn: what was asked. */
export interface WireJob {
  jobId: string;
  text: string;
  inputs: WireImage[];
  /** The earlier image this request replies to (reply-to-iterate, Edit, Upscale). */
  replyTo?: WireImage;
  /** The button that made this job, when a button did. */
  via?: 'reroll' | 'upscale';
  /** The seed a Reroll drew (its text shows the seed it was given, if any, replaced by this one). */
  seed?: number;
  at: number;
}

/** The bot's side of a turn: the JobView with images as URLs. */
export interface WireView {
  jobId: string;
  task: Task;
  state: JobState;
  locale: Locale;
  status: string;
  progress?: number;
  images: WireImage[];
  preview: boolean;
  text?: string;
  notes: string[];
  actions: JobAction[];
}

export type WireEvent =
  { type: 'job'; job: WireJob } | { type: 'view'; view: WireView } | { type: 'deleted'; jobId: string };

export interface WireError {
  error: { code: string; message: string };
}

/** A stored upload or result as the page loads it: served from `/files/<id>`. */
export function wireFile(file: StoredFile): WireImage {
  return {
    id: file.id,
    url: `/files/${file.id}`,
    mime: file.mime,
    name: file.name,
    bytes: file.data.byteLength,
    ...(file.width !== undefined ? { width: file.width } : {}),
    ...(file.height !== undefined ? { height: file.height } : {}),
  };
}
