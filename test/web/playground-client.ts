// A plain-fetch client of the playground for tests: one cookie jar (one browser
// session) and a Server-Sent Events reader that waits for the event a test needs.
import { request, type IncomingHttpHeaders } from 'node:http';
import type { WireEvent, WireView } from '../../src/adapters/web/index.js';

/** An upload written by hand over node:http, so a test decides when each part of it is sent. */
export interface RawUpload {
  /** The server sent 100 Continue: its handler has run for this request (Node emits it right after). */
  continued: Promise<void>;
  response: Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>;
  /** Whether the answer came (so far) before the body was ended. */
  readonly answered: boolean;
  /** Body bytes handed to the socket so far. */
  readonly sent: number;
  write(data: Uint8Array): Promise<void>;
  end(data?: Uint8Array): Promise<void>;
  /** Hangs up without sending the rest. */
  destroy(): void;
}

export class PlaygroundClient {
  readonly base: string;
  private readonly cookies = new Map<string, string>();
  private readonly headers: Record<string, string>;

  constructor(base: string, headers: Record<string, string> = {}) {
    this.base = base;
    this.headers = headers;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v);
    if (this.cookies.size > 0) headers.set('Cookie', this.cookieHeader);
    const response = await fetch(new URL(path, this.base), { redirect: 'manual', ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }

  async upload(data: Uint8Array, name: string, query = ''): Promise<Response> {
    return this.fetch(`/api/uploads${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(name) },
      body: data,
    });
  }

  async uploadId(data: Uint8Array, name: string): Promise<string> {
    const response = await this.upload(data, name);
    if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { image: { id: string } }).image.id;
  }

  /**
   * Starts an upload and sends its headers only. `length` is the declared Content-Length (none:
   * the body is chunked); with `expectContinue` the server answers 100 Continue once it has the request.
   */
  rawUpload(opts: { name: string; length?: number; expectContinue?: boolean; query?: string }): RawUpload {
    const url = new URL(`/api/uploads${opts.query ?? ''}`, this.base);
    const headers: Record<string, string> = {
      ...this.headers,
      'Content-Type': 'application/octet-stream',
      'X-File-Name': encodeURIComponent(opts.name),
      ...(this.cookies.size > 0 ? { Cookie: this.cookieHeader } : {}),
      ...(opts.length !== undefined ? { 'Content-Length': String(opts.length) } : {}),
      ...(opts.expectContinue ? { Expect: '100-continue' } : {}),
    };
    // A connection of its own: parallel uploads must not queue behind each other in an agent.
    const req = request({
      hostname: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: 'POST',
      headers,
      agent: false,
    });
    let answered = false;
    let sent = 0;
    const continued = new Promise<void>((resolve) => req.once('continue', () => resolve()));
    const response = new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
      req.once('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      // Writing on after the server answered and hung up is expected here; only a missing answer is an error.
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
    });
    // Awaited by the caller only after its writes: until then a rejection must not count as unhandled.
    response.catch(() => undefined);
    // Writes settle when flushed, or when the connection is gone (the server may hang up once it answered).
    const pending = new Set<() => void>();
    req.once('close', () => {
      for (const done of pending) done();
      pending.clear();
    });
    const settle = (start: (done: () => void) => void) =>
      new Promise<void>((resolve) => {
        // Gone: resolve on the next turn, not at once, or a writer looping on writes starves the event loop and
        // never sees the answer that is already on its way (it spun at 100% CPU until the test timed out).
        if (req.destroyed) return void setImmediate(resolve);
        const done = () => {
          pending.delete(done);
          resolve();
        };
        pending.add(done);
        start(done);
      });
    req.flushHeaders();
    return {
      continued,
      response,
      get answered() {
        return answered;
      },
      get sent() {
        return sent;
      },
      // Bytes offered count as sent even when the connection is already gone, so a loop bounded by `sent` ends.
      write: (data) => {
        sent += data.byteLength;
        return settle((done) => req.write(data, () => done()));
      },
      end: (data) => {
        sent += data?.byteLength ?? 0;
        return settle((done) => req.end(data, () => done()));
      },
      destroy: () => req.destroy(),
    };
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async submit(body: {
    text: string;
    uploads?: string[];
    replyTo?: { imageId: string; jobId: string };
    locale?: string;
  }) {
    const response = await this.postJson('/api/jobs', body);
    if (response.status !== 202) throw new Error(`submit failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { jobId: string }).jobId;
  }

  /** Opens the event stream; the session cookie must exist first (any earlier request sets it). */
  async events(): Promise<EventStream> {
    const controller = new AbortController();
    const response = await this.fetch('/api/events', { signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`events failed: ${response.status}`);
    return new EventStream(response.body, controller);
  }
}

/** Collects SSE events as they arrive; `waitFor` resolves on the first match, old or new. */
export class EventStream {
  readonly events: WireEvent[] = [];
  private readonly waiters: { match: (e: WireEvent) => boolean; resolve: (e: WireEvent) => void }[] = [];
  private readonly controller: AbortController;

  constructor(body: ReadableStream<Uint8Array>, controller: AbortController) {
    this.controller = controller;
    void this.pump(body);
  }

  waitFor(match: (e: WireEvent) => boolean, timeoutMs = 30_000): Promise<WireEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching event arrived')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** The first view of the job in a final state. */
  async end(jobId: string): Promise<WireView> {
    const event = await this.waitFor(
      (e) => e.type === 'view' && e.view.jobId === jobId && ['done', 'failed', 'cancelled'].includes(e.view.state),
    );
    if (event.type !== 'view') throw new Error('unreachable');
    return event.view;
  }

  views(jobId: string): WireView[] {
    return this.events.flatMap((e) => (e.type === 'view' && e.view.jobId === jobId ? [e.view] : []));
  }

  close(): void {
    this.controller.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (!data) continue;
          const event = JSON.parse(data) as WireEvent;
          this.events.push(event);
          for (const waiter of [...this.waiters]) {
            if (waiter.match(event)) {
              this.waiters.splice(this.waiters.indexOf(waiter), 1);
              waiter.resolve(event);
            }
          }
        }
      }
    } catch {
      // Aborted by close().
    }
  }
}
