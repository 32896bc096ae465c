import type { RawFile } from 'discord.js';
import { actionCustomId, type EncodedImage, type JobAction, type JobView } from '../../pipeline/index.js';

/** Discord's limit on a message's content. */
export const MAX_CONTENT = 2000;

/** Every message the bot sends pings nobody (no @everyone, roles, users or replied user). */
export const NO_MENTIONS = { parse: [] as string[], replied_user: false };

/** Documented component numbers: action row 1, button 2; button styles primary 1, secondary 2, danger 4. */
const BUTTON_STYLE: Record<JobAction['style'], number> = { primary: 1, secondary: 2, danger: 4 };

export interface RenderedReply {
  /** The JSON body (or `payload_json`) of a message create or edit. */
  body: Record<string, unknown>;
  files: RawFile[];
}

/** Cuts text to `max` characters, ending in an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Status line, then the (streamed or final) text answer, then notes; always within 2000 characters. */
export function replyContent(view: JobView): { content: string; overflow?: string } {
  const tail = [view.status, ...view.notes.map((n) => `-# ${n}`)].filter((s) => s.length > 0).join('\n');
  const text = view.text?.trim();
  if (!text) return { content: truncate(tail, MAX_CONTENT) };
  const room = MAX_CONTENT - tail.length - 2;
  if (room < 200) return { content: truncate(`${text}\n\n${tail}`, MAX_CONTENT), overflow: text };
  const cut = truncate(text, room);
  return cut === text ? { content: `${text}\n\n${tail}` } : { content: `${cut}\n\n${tail}`, overflow: text };
}

function buttons(view: JobView): unknown[] {
  const rows: unknown[] = [];
  for (let i = 0; i < view.actions.length; i += 5) {
    rows.push({
      type: 1,
      components: view.actions.slice(i, i + 5).map((a) => ({
        type: 2,
        style: BUTTON_STYLE[a.style],
        label: a.label,
        custom_id: actionCustomId(a.id, view.jobId),
      })),
    });
  }
  return rows;
}

function imageFile(image: EncodedImage, preview: boolean): RawFile {
  const ext = image.mime === 'image/png' ? 'png' : image.mime === 'image/webp' ? 'webp' : 'jpg';
  const base = image.name.replace(/\.[a-z0-9]+$/i, '') || 'scanline';
  // Discord blurs a file whose name starts with SPOILER_ until it is clicked (the safety policy's borderline images).
  const name = `${image.spoiler ? 'SPOILER_' : ''}${preview ? `${base}-preview` : base}.${ext}`;
  return { name, data: image.data, contentType: image.mime };
}

/**
 * The message body for one view. Images are sent only when they changed since
 * `shown` (the previous call's images), and then REPLACE the old attachments:
 * `attachments` lists exactly the new `files[n]` (an empty list clears them).
 */
export function renderReply(view: JobView, shown: readonly EncodedImage[] | undefined): RenderedReply {
  const { content, overflow } = replyContent(view);
  const body: Record<string, unknown> = {
    content,
    components: buttons(view),
    allowed_mentions: NO_MENTIONS,
  };
  const files: RawFile[] = [];
  const final = view.state === 'done' || view.state === 'failed' || view.state === 'cancelled';
  const attachText = overflow !== undefined && final;
  const changed =
    attachText ||
    shown === undefined ||
    shown.length !== view.images.length ||
    view.images.some((img, i) => img !== shown[i]);
  if (changed) files.push(...view.images.map((img) => imageFile(img, view.preview)));
  if (attachText) {
    // The whole answer still reaches the user: as a text file next to the cut message.
    files.push({ name: 'answer.txt', data: Buffer.from(overflow, 'utf8'), contentType: 'text/plain; charset=utf-8' });
  }
  if (changed) body.attachments = files.map((_, id) => ({ id }));
  return { body, files };
}

/** A plain sentence as a message (errors, refusals, recovery notes). */
export function sentence(text: string): RenderedReply {
  return {
    body: { content: truncate(text, MAX_CONTENT), components: [], allowed_mentions: NO_MENTIONS },
    files: [],
  };
}
