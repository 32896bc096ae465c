import { ScanlineError } from '../../common/errors.js';
import type { ImageRef, StoredImage } from '../../pipeline/index.js';
import type { ImageStore, StoredFile } from './image-store.js';
import { wireFile, type WireImage } from './wire.js';

function fileIdOf(url: string): string | undefined {
  return /\/files\/([\w-]{1,64})$/.exec(url)?.[1];
}

/** One browser session's stored files as the pipeline sees them (ImageRefs) and as the page does (WireImages). */
export class SessionFiles {
  private readonly store: ImageStore;
  private readonly owner: string;

  constructor(store: ImageStore, owner: string) {
    this.store = store;
    this.owner = owner;
  }

  get(id: string): StoredFile | undefined {
    return this.store.get(id, this.owner);
  }

  /** A lazy ImageRef: the bytes are read from the store when the job runs. */
  ref(file: StoredFile): ImageRef {
    const { store, owner } = this;
    return {
      url: `/files/${file.id}`,
      name: file.name,
      size: file.data.byteLength,
      contentType: file.mime,
      ...(file.width !== undefined ? { width: file.width } : {}),
      ...(file.height !== undefined ? { height: file.height } : {}),
      async fetch() {
        const current = store.get(file.id, owner);
        if (!current) throw new ScanlineError('job_gone');
        // A copy: the pipeline may hand the bytes on, and the store keeps serving the file.
        return current.data.slice();
      },
    };
  }

  /** A journaled input image again (Reroll); one the store no longer keeps fails as `job_gone` when fetched. */
  hydrate(stored: StoredImage): ImageRef {
    const id = fileIdOf(stored.url);
    const file = id ? this.get(id) : undefined;
    if (file) return this.ref(file);
    return { ...stored, fetch: () => Promise.reject(new ScanlineError('job_gone')) };
  }

  /** The image a request carries, as the page shows it; none when the store no longer keeps it. */
  shown(ref: Pick<ImageRef, 'url'>): WireImage[] {
    const id = fileIdOf(ref.url);
    const file = id ? this.get(id) : undefined;
    return file ? [wireFile(file)] : [];
  }
}
