import { randomUUID } from 'node:crypto';
import { MIME_BY_TYPE, sniffImageType, type SniffedType } from '../../pipeline/index.js';

/** One stored file: an upload or a final image, visible only to the session that owns it. */
export interface StoredFile {
  id: string;
  /** The user id of the browser session that may read it. */
  owner: string;
  data: Uint8Array;
  name: string;
  /** The type the bytes really are (sniffed), or octet-stream: never what the browser claimed. */
  mime: string;
  width?: number;
  height?: number;
}

/** Types a browser may show inline; anything else (SVG above all) is served as a download only. */
const INLINE_TYPES: ReadonlySet<SniffedType> = new Set(['png', 'jpeg', 'gif', 'webp', 'avif']);

export function servedMime(data: Uint8Array): { mime: string; inline: boolean } {
  const type = sniffImageType(data);
  if (type !== 'unknown' && INLINE_TYPES.has(type)) return { mime: MIME_BY_TYPE[type], inline: true };
  return { mime: 'application/octet-stream', inline: false };
}

/** How much the store keeps, in total and per session. */
export interface StoreLimits {
  /** Every session's files together. */
  maxBytes: number;
  /** One session's files (and its uploads still arriving); past it, that session's own oldest files go. */
  sessionBytes: number;
  /** A session that has not used the store for this long may lose its files to make room for others. */
  idleMs: number;
  now?: () => number;
}

/** Why room for an upload could not be made. */
export type Refusal =
  /** The session's own uploads still arriving fill its budget. */
  | 'session_busy'
  /** Other sessions' images, all recently used, fill the store. */
  | 'store_full';

/** Bytes held for an upload while its body arrives. */
export interface Reservation {
  /** Stores the file in the held room (it may be smaller than what was held). */
  commit(file: Omit<StoredFile, 'id' | 'mime'>): StoredFile;
  /** Gives the room back; a no-op after commit. */
  release(): void;
}

interface Owner {
  /** Bytes of stored files. */
  bytes: number;
  /** Bytes held for uploads still arriving. */
  reserved: number;
  lastUsed: number;
}

/**
 * Uploads and results kept in memory for the playground. Each session has its
 * own byte budget and past it loses its own least recently used files; a full
 * store takes room only from sessions idle for `idleMs`, never from one still
 * in use, so one session cannot empty another's conversation.
 */
export class ImageStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly owners = new Map<string, Owner>();
  private readonly limits: Required<StoreLimits>;
  private bytes = 0;
  private reserved = 0;

  constructor(limits: StoreLimits) {
    this.limits = { now: Date.now, ...limits };
  }

  /**
   * Holds room for an upload of up to `bytes` before its body is read, dropping
   * this session's oldest files or idle sessions' files if needed; refuses
   * rather than touch files of sessions still in use.
   */
  reserve(owner: string, bytes: number): { ok: true; reservation: Reservation } | { ok: false; reason: Refusal } {
    const victims = this.plan(owner, bytes);
    if (!victims.fits) return { ok: false, reason: victims.reason };
    this.drop(victims.ids);
    const entry = this.owner(owner);
    entry.reserved += bytes;
    this.reserved += bytes;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      entry.reserved -= bytes;
      this.reserved -= bytes;
      this.forgetIfEmpty(owner);
    };
    return {
      ok: true,
      reservation: {
        commit: (file) => {
          release();
          return this.put(file);
        },
        release,
      },
    };
  }

  /**
   * Stores a file (a result, or a reserved upload), making room as `reserve`
   * does; a result is kept even when the store stays over its cap, since the
   * scheduler's caps already bound how many results can arrive.
   */
  put(file: Omit<StoredFile, 'id' | 'mime'>): StoredFile {
    const stored: StoredFile = { ...file, id: randomUUID(), mime: servedMime(file.data).mime };
    this.drop(this.plan(file.owner, stored.data.byteLength).ids);
    this.files.set(stored.id, stored);
    const entry = this.owner(file.owner);
    entry.bytes += stored.data.byteLength;
    this.bytes += stored.data.byteLength;
    return stored;
  }

  /** The file if `owner` may read it; a hit makes it the most recently used. */
  get(id: string, owner: string): StoredFile | undefined {
    const file = this.files.get(id);
    if (!file || file.owner !== owner) return undefined;
    this.files.delete(id);
    this.files.set(id, file);
    this.owner(owner);
    return file;
  }

  delete(id: string): void {
    const file = this.files.get(id);
    if (file) this.drop([id]);
  }

  get maxBytes(): number {
    return this.limits.maxBytes;
  }

  get sessionBytes(): number {
    return this.limits.sessionBytes;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Bytes of `owner`'s stored files. */
  bytesOf(owner: string): number {
    return this.owners.get(owner)?.bytes ?? 0;
  }

  get size(): number {
    return this.files.size;
  }

  /** The files to drop so `bytes` more fit `owner`'s budget and then the store's, oldest first. */
  private plan(
    owner: string,
    bytes: number,
  ): { fits: true; ids: string[] } | { fits: false; reason: Refusal; ids: string[] } {
    const { maxBytes, sessionBytes, idleMs, now } = this.limits;
    const mine = this.owners.get(owner);
    const idleSince = now() - idleMs;
    const ids = new Set<string>();
    let own = (mine?.bytes ?? 0) + (mine?.reserved ?? 0);
    let total = this.bytes + this.reserved;
    // Over the session's budget only its own files go.
    for (const [id, file] of this.files) {
      if (own + bytes <= sessionBytes) break;
      if (file.owner !== owner) continue;
      ids.add(id);
      own -= file.data.byteLength;
      total -= file.data.byteLength;
    }
    if (own + bytes > sessionBytes) return { fits: false, reason: 'session_busy', ids: [...ids] };
    // Over the store's cap, its own and idle sessions' files go; files of sessions in use never do.
    for (const [id, file] of this.files) {
      if (total + bytes <= maxBytes) break;
      if (ids.has(id)) continue;
      const usable = file.owner === owner || (this.owners.get(file.owner)?.lastUsed ?? 0) <= idleSince;
      if (!usable) continue;
      ids.add(id);
      total -= file.data.byteLength;
    }
    if (total + bytes > maxBytes) return { fits: false, reason: 'store_full', ids: [...ids] };
    return { fits: true, ids: [...ids] };
  }

  private drop(ids: readonly string[]): void {
    for (const id of ids) {
      const file = this.files.get(id);
      if (!file) continue;
      this.files.delete(id);
      this.bytes -= file.data.byteLength;
      const entry = this.owners.get(file.owner);
      if (entry) entry.bytes -= file.data.byteLength;
      this.forgetIfEmpty(file.owner);
    }
  }

  /** The owner's entry, marked as used now. */
  private owner(owner: string): Owner {
    let entry = this.owners.get(owner);
    if (!entry) {
      entry = { bytes: 0, reserved: 0, lastUsed: 0 };
      this.owners.set(owner, entry);
    }
    entry.lastUsed = this.limits.now();
    return entry;
  }

  private forgetIfEmpty(owner: string): void {
    const entry = this.owners.get(owner);
    if (entry && entry.bytes <= 0 && entry.reserved <= 0) this.owners.delete(owner);
  }
}
