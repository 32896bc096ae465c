import { randomUUID } from 'node:crypto';
import { MIME_BY_TYPE, sniffImageType, type SniffedType } from '../../pipeline/image-io/index.js';

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

/**
 * Uploads and results kept in memory for the playground, least recently used
 * first out once the byte budget is spent, so a long session cannot grow the
 * process without bound.
 */
export class ImageStore {
  private readonly files = new Map<string, StoredFile>();
  private readonly maxBytes: number;
  private bytes = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  put(file: Omit<StoredFile, 'id' | 'mime'>): StoredFile {
    const stored: StoredFile = { ...file, id: randomUUID(), mime: servedMime(file.data).mime };
    this.files.set(stored.id, stored);
    this.bytes += stored.data.byteLength;
    this.evict(stored.id);
    return stored;
  }

  /** The file if `owner` may read it; a hit makes it the most recently used. */
  get(id: string, owner: string): StoredFile | undefined {
    const file = this.files.get(id);
    if (!file || file.owner !== owner) return undefined;
    this.files.delete(id);
    this.files.set(id, file);
    return file;
  }

  delete(id: string): void {
    const file = this.files.get(id);
    if (!file) return;
    this.files.delete(id);
    this.bytes -= file.data.byteLength;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.files.size;
  }

  /** Drops the oldest files until the budget holds; the newest file always stays. */
  private evict(keep: string): void {
    for (const [id, file] of this.files) {
      if (this.bytes <= this.maxBytes) break;
      if (id === keep) continue;
      this.files.delete(id);
      this.bytes -= file.data.byteLength;
    }
  }
}
