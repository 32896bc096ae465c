import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  /** Default no-cache: the page's own files change with every release and revalidate by ETag. */
  cacheControl?: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's own files (no build step, no outside assets), read once at start. */
export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

/** Files by URL path; `/` is index.html. */
export async function loadStaticFiles(dir = PUBLIC_DIR): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const name of await readdir(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = await readFile(join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    files.set(name === 'index.html' ? '/' : `/${name}`, { body, type, etag });
  }
  return files;
}
