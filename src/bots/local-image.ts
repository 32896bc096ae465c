import { open } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ScanlineError } from '../common/errors.js';
import type { ImageRef } from '../pipeline/types.js';

/** An input image read from the local disk (CLI), under the same byte cap as downloads. */
export function localImageRef(path: string, maxBytes: number): ImageRef {
  const full = resolve(path);
  const name = basename(full);
  return {
    url: pathToFileURL(full).href,
    name,
    async fetch() {
      let handle;
      try {
        handle = await open(full, 'r');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new ScanlineError('usage', {
          detail: code === 'ENOENT' ? `No such file: ${path}` : `Cannot read ${path} (${code ?? 'error'})`,
        });
      }
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw new ScanlineError('usage', { detail: `Not a file: ${path}` });
        const size = stat.size;
        if (size > maxBytes)
          throw new ScanlineError('file_too_large', { name, limitMb: Math.round(maxBytes / 1048576) });
        const buffer = await handle.readFile();
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } finally {
        await handle.close();
      }
    },
  };
}
