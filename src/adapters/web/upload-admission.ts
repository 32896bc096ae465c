import { t } from '../../common/messages.js';
import type { IncomingMessage } from 'node:http';
import type { Locale } from '../../pipeline/index.js';
import { BodySlots, declaredLength, readBody } from './http-body.js';
import { HttpError } from './http-responses.js';
import type { ImageStore, Reservation, StoredFile } from './image-store.js';

/** Seconds a refused upload is told to wait: a 25 MB body takes well under that on a local link. */
const UPLOAD_RETRY_AFTER_S = 2;

export interface UploadLimits {
  /** Largest upload in bytes. */
  maxBytes: number;
  /** Uploads read at once, in all and per session. */
  atOnce: number;
  perSession: number;
  /** An upload sending nothing this long is dropped, freeing its slot. */
  idleMs: number;
}

/** A file name from the X-File-Name header, safe to show and to put in a Content-Disposition. */
export function uploadName(header: string | string[] | undefined): string {
  let name = typeof header === 'string' ? header : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: keep it as sent.
  }
  name = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\p{Cc}/gu, '')
    .trim()
    .slice(0, 120);
  return name || 'image';
}

const toMb = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * An upload is admitted before its body is read: a declared size over the limit, no free upload
 * slot, or no room in the session's share or the store is answered at once, and each admitted
 * body holds a slot and its room until it is stored or refused.
 */
export class UploadAdmission {
  readonly limits: UploadLimits;
  private readonly store: ImageStore;
  private readonly slots: BodySlots;

  constructor(store: ImageStore, limits: UploadLimits) {
    this.store = store;
    this.limits = limits;
    this.slots = new BodySlots({ total: limits.atOnce, perKey: limits.perSession });
  }

  /** Reads one upload of `owner` into the store, or throws the HttpError that refuses it. */
  async admit(req: IncomingMessage, owner: string, locale: Locale): Promise<StoredFile> {
    const { maxBytes, idleMs } = this.limits;
    const name = uploadName(req.headers['x-file-name']);
    const tooLarge = () =>
      new HttpError(413, 'file_too_large', t('file_too_large', locale, { name, limitMb: toMb(maxBytes) }));
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBytes) throw tooLarge();
    const retry = { 'Retry-After': String(UPLOAD_RETRY_AFTER_S) };
    const releaseSlot = this.slots.tryTake(owner);
    if (!releaseSlot) throw new HttpError(429, 'uploads_busy', t('uploadsBusy', locale, { name }), retry);
    let held: Reservation | undefined;
    try {
      // Without a declared length the body may run up to the limit, so that much is held.
      const room = this.store.reserve(owner, declared ?? maxBytes);
      if (!room.ok) {
        if (room.reason === 'session_busy') {
          const share = { name, limitMb: toMb(this.store.sessionBytes) };
          throw new HttpError(429, 'session_busy', t('sessionBusy', locale, share), retry);
        }
        const all = { name, limitMb: toMb(this.store.maxBytes) };
        throw new HttpError(507, 'store_full', t('storeFull', locale, all), { 'Retry-After': '60' });
      }
      held = room.reservation;
      const body = await readBody(req, maxBytes, { idleMs });
      if (!body.ok && body.reason === 'stalled') {
        const seconds = Math.round(idleMs / 100) / 10;
        throw new HttpError(408, 'upload_stalled', t('uploadStalled', locale, { name, seconds }));
      }
      if (!body.ok) throw tooLarge();
      if (body.data.byteLength === 0) throw new HttpError(400, 'image_empty', t('image_empty', locale, { name }));
      const data = new Uint8Array(body.data.buffer, body.data.byteOffset, body.data.byteLength);
      return held.commit({ owner, data, name });
    } finally {
      held?.release();
      releaseSlot();
    }
  }
}
