import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ImageStore } from './image-store.js';
import type { WireEvent, WireJob, WireView } from './wire.js';

/** A client this far behind on a stream gets no more preview frames until it catches up (finals always go). */
const SLOW_CLIENT_BYTES = 2 * 1024 * 1024;

interface Turn {
  job: WireJob;
  view?: WireView;
}

/**
 * One browser (one cookie): its anonymous user id for the scheduler's fair
 * share and caps, its recent turns (replayed when a tab connects), and the
 * tabs listening on Server-Sent Events.
 */
export class BrowserSession {
  /** The cookie value; it is a credential, so the pipeline and the journal only see `userId`. */
  readonly id: string;
  readonly userId: string;
  private readonly turns = new Map<string, Turn>();
  private readonly streams = new Set<ServerResponse>();
  private readonly store: ImageStore;
  private readonly maxTurns: number;

  constructor(id: string, store: ImageStore, maxTurns: number) {
    this.id = id;
    this.userId = `web-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
    this.store = store;
    this.maxTurns = maxTurns;
  }

  addJob(job: WireJob): void {
    this.turns.set(job.jobId, { job });
    while (this.turns.size > this.maxTurns) {
      const oldest = this.turns.keys().next().value;
      if (oldest === undefined) break;
      this.forget(oldest);
    }
    this.send({ type: 'job', job });
  }

  setView(view: WireView): void {
    const turn = this.turns.get(view.jobId);
    if (!turn) return;
    turn.view = view;
    this.send({ type: 'view', view }, view.preview && view.state === 'running');
  }

  turn(jobId: string): Turn | undefined {
    return this.turns.get(jobId);
  }

  /** Forgets a turn and frees its result images; tabs remove it. */
  delete(jobId: string): boolean {
    if (!this.turns.has(jobId)) return false;
    this.forget(jobId);
    this.send({ type: 'deleted', jobId });
    return true;
  }

  /** A tab connects: it gets every turn it missed, then the live events. */
  attach(stream: ServerResponse): void {
    this.streams.add(stream);
    for (const { job, view } of this.turns.values()) {
      write(stream, { type: 'job', job });
      if (view) write(stream, { type: 'view', view });
    }
    stream.on('close', () => this.streams.delete(stream));
  }

  get listeners(): number {
    return this.streams.size;
  }

  closeStreams(): void {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
  }

  private forget(jobId: string): void {
    const turn = this.turns.get(jobId);
    this.turns.delete(jobId);
    for (const image of turn?.view?.state === 'done' ? turn.view.images : []) {
      if (image.id) this.store.delete(image.id);
    }
  }

  private send(event: WireEvent, droppable = false): void {
    for (const stream of this.streams) {
      if (droppable && stream.writableLength > SLOW_CLIENT_BYTES) continue;
      write(stream, event);
    }
  }
}

function write(stream: ServerResponse, event: WireEvent): void {
  stream.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
}

/** Browser sessions by cookie, least recently seen first out past `maxSessions`. */
export class SessionRegistry {
  private readonly sessions = new Map<string, BrowserSession>();
  private readonly store: ImageStore;
  private readonly maxSessions: number;
  private readonly maxTurns: number;

  constructor(store: ImageStore, opts: { maxSessions: number; maxTurns: number }) {
    this.store = store;
    this.maxSessions = opts.maxSessions;
    this.maxTurns = opts.maxTurns;
  }

  /** The session of this cookie, or a new one (with a new cookie value) when it is missing or forgotten. */
  resolve(cookie: string | undefined): { session: BrowserSession; created: boolean } {
    const known = cookie ? this.sessions.get(cookie) : undefined;
    if (known) {
      this.sessions.delete(known.id);
      this.sessions.set(known.id, known);
      return { session: known, created: false };
    }
    const session = new BrowserSession(randomBytes(24).toString('base64url'), this.store, this.maxTurns);
    this.sessions.set(session.id, session);
    for (const [id, old] of this.sessions) {
      if (this.sessions.size <= this.maxSessions) break;
      if (old.listeners > 0) continue;
      this.sessions.delete(id);
    }
    return { session, created: true };
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.closeStreams();
  }
}
