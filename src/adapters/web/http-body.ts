import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; data: Buffer } | { ok: false; reason: 'too_large' | 'stalled' };

/** The Content-Length a request declares, or undefined when it streams without one. */
export function declaredLength(req: IncomingMessage): number | undefined {
  const header = req.headers['content-length'];
  if (header === undefined) return undefined;
  const value = Number(header);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * Reads a request body up to `maxBytes`, counting bytes as they arrive. A
 * declared length over the cap is refused before a byte is read; a body that
 * streams past it is cut off at once. Either way the rest drains unkept, so the
 * client finishes sending and reads our answer instead of meeting a reset
 * connection. A declared length is read straight into one buffer of that size
 * (no chunk list plus a concatenated copy at the end). With `idleMs`, a body
 * that sends nothing for that long is given up (`stalled`), so a stuck client
 * cannot hold what it was admitted with.
 */
export function readBody(req: IncomingMessage, maxBytes: number, opts: { idleMs?: number } = {}): Promise<BodyResult> {
  const declared = declaredLength(req);
  if (declared !== undefined && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve, reject) => {
    const into = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (result: BodyResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    const giveUp = () => {
      if (over) return;
      over = true;
      chunks.length = 0;
      settle({ ok: false, reason: 'stalled' });
    };
    const watch = () => {
      if (opts.idleMs === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(giveUp, opts.idleMs);
      timer.unref();
    };
    watch();
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      watch();
      // Node's parser never delivers more than the declared length; a chunked body is checked here.
      if (total + chunk.byteLength > maxBytes || (into && total + chunk.byteLength > into.byteLength)) {
        over = true;
        chunks.length = 0;
        settle({ ok: false, reason: 'too_large' });
        return;
      }
      if (into) chunk.copy(into, total);
      else chunks.push(chunk);
      total += chunk.byteLength;
    });
    req.on('end', () => {
      if (over) return;
      settle({ ok: true, data: into ? into.subarray(0, total) : Buffer.concat(chunks, total) });
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // A client gone mid-body must still settle the read, or its upload slot would never come back.
    req.on('close', () => {
      clearTimeout(timer);
      if (!req.complete) reject(new Error('the request body was cut off'));
    });
  });
}

/**
 * Bounds how many request bodies are read at once, in all and per key (a
 * browser session): each body being read holds up to the upload limit in memory.
 */
export class BodySlots {
  private readonly total: number;
  private readonly perKey: number;
  private busy = 0;
  private readonly byKey = new Map<string, number>();

  constructor(opts: { total: number; perKey: number }) {
    this.total = opts.total;
    this.perKey = opts.perKey;
  }

  /** A slot for `key`, or undefined when every slot (or this key's share) is taken; call the result once done. */
  tryTake(key: string): (() => void) | undefined {
    const mine = this.byKey.get(key) ?? 0;
    if (this.busy >= this.total || mine >= this.perKey) return undefined;
    this.busy += 1;
    this.byKey.set(key, mine + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.busy -= 1;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left > 0) this.byKey.set(key, left);
      else this.byKey.delete(key);
    };
  }

  get inUse(): number {
    return this.busy;
  }
}
