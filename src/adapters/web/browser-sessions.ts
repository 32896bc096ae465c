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

interface Pending {
  event: WireEvent;
  /** A preview frame a slow tab may miss. */
  droppable: boolean;
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
  /** Events of this turn of the event loop, written together; a job's newer view in the same state replaces its waiting one. */
  private pending: Pending[] = [];
  private flushScheduled = false;
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
    // The replay below already holds every waiting event's state.
    this.flush();
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
    this.flush();
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

  /**
   * Queues the event for one write per tab at the end of this turn of the event loop: a burst
   * (every queued job's position moves when one starts) costs one socket write, not hundreds.
   */
  private send(event: WireEvent, droppable = false): void {
    if (this.streams.size === 0) return;
    if (event.type === 'view') {
      // Only a view in the same state is replaced (a new queue position, newer progress): every state change is seen.
      const { jobId, state } = event.view;
      const waiting = this.pending.findIndex(
        (p) => p.event.type === 'view' && p.event.view.jobId === jobId && p.event.view.state === state,
      );
      if (waiting >= 0) {
        this.pending[waiting] = { event, droppable };
        return;
      }
    }
    this.pending.push({ event, droppable });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const events = this.pending.map((p) => ({ droppable: p.droppable, text: frame(p.event) }));
    this.pending = [];
    for (const stream of this.streams) {
      const slow = stream.writableLength > SLOW_CLIENT_BYTES;
      const text = events
        .filter((e) => !(slow && e.droppable))
        .map((e) => e.text)
        .join('');
      if (text) stream.write(text);
    }
  }
}

function frame(event: WireEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function write(stream: ServerResponse, event: WireEvent): void {
  stream.write(frame(event));
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
