import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; data: Buffer } | { ok: false; reason: 'too_large' };

/**
 * Reads a request body up to `maxBytes`. Past the cap it stops keeping bytes
 * and lets the rest drain, so the client finishes sending and reads our answer
 * instead of meeting a reset connection.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      total += chunk.byteLength;
      if (total > maxBytes) {
        over = true;
        chunks.length = 0;
        resolve({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve({ ok: true, data: Buffer.concat(chunks, total) });
    });
    req.on('error', reject);
  });
}
