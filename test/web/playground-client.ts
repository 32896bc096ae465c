// A plain-fetch client of the playground for tests: one cookie jar (one browser
// session) and a Server-Sent Events reader that waits for the event a test needs.
import type { WireEvent, WireView } from '../../src/adapters/web/index.js';

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
