// The gateway half of the fake: v10 JSON over WebSocket as documented
// (HELLO op 10, HEARTBEAT op 1 -> ACK op 11, IDENTIFY op 2 -> READY + GUILD_CREATE,
// RESUME op 6 -> replay + RESUMED, dispatches op 0 with a sequence number).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Json } from './api-objects.js';

/** Gateway intent bits used here (docs: Gateway Intents). */
export const INTENT = {
  GUILDS: 1 << 0,
  GUILD_MESSAGES: 1 << 9,
  DIRECT_MESSAGES: 1 << 12,
  MESSAGE_CONTENT: 1 << 15,
} as const;

interface Session {
  id: string;
  socket: WebSocket | undefined;
  intents: number;
  seq: number;
  /** Dispatches sent, for RESUME replay. */
  history: { s: number; t: string; d: Json }[];
}

export interface GatewayOptions {
  token: string;
  /** READY and the GUILD_CREATEs that follow it. */
  readyPayload(sessionId: string, resumeUrl: string): { ready: Json; guilds: Json[] };
  /** Intent bits the application may not use (privileged and not enabled): IDENTIFY is closed with 4014. */
  disallowedIntents(): number;
  onFrame(direction: 'in' | 'out', op: number, t?: string): void;
}

export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly opts: GatewayOptions;
  private nextSession = 1;
  url = '';
  identifies = 0;
  resumes = 0;

  constructor(opts: GatewayOptions) {
    this.opts = opts;
    this.wss.on('connection', (socket) => this.accept(socket));
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** Sends a dispatch to every identified session whose intents include `intent` (0: always). */
  dispatch(t: string, build: (intents: number) => Json | undefined, intent = 0): number {
    let sent = 0;
    for (const session of this.sessions.values()) {
      if (intent && (session.intents & intent) === 0) continue;
      const d = build(session.intents);
      if (!d) continue;
      session.seq += 1;
      const frame = { s: session.seq, t, d };
      session.history.push(frame);
      if (session.socket?.readyState === 1) {
        this.send(session.socket, { op: 0, ...frame });
        sent += 1;
      }
    }
    return sent;
  }

  /** Drops every connection with a resumable close code, as Discord does on a gateway restart. */
  dropConnections(): void {
    for (const session of this.sessions.values()) {
      session.socket?.close(4000, 'fake gateway restart');
      session.socket = undefined;
    }
  }

  get connected(): number {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === 1).length;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.send(socket, { op: 10, d: { heartbeat_interval: 41_250 } });
    socket.on('message', (raw) => {
      let frame: { op?: number; d?: unknown };
      try {
        frame = JSON.parse(String(raw)) as { op?: number; d?: unknown };
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      this.opts.onFrame('in', frame.op ?? -1);
      this.handle(socket, frame.op ?? -1, (frame.d ?? {}) as Json);
    });
  }

  private handle(socket: WebSocket, op: number, d: Json): void {
    switch (op) {
      case 1:
        this.send(socket, { op: 11 });
        return;
      case 2:
        this.identify(socket, d);
        return;
      case 6:
        this.resume(socket, d);
        return;
      case 3:
      case 4:
      case 8:
        return; // presence, voice and member requests are accepted and ignored
      default:
        socket.close(4001, 'Unknown opcode');
    }
  }

  private identify(socket: WebSocket, d: Json): void {
    if (d.token !== this.opts.token) {
      socket.close(4004, 'Authentication failed');
      return;
    }
    const intents = Number(d.intents ?? 0);
    if (intents & this.opts.disallowedIntents()) {
      socket.close(4014, 'Disallowed intent(s)');
      return;
    }
    this.identifies += 1;
    const session: Session = { id: `session-${this.nextSession++}`, socket, intents, seq: 0, history: [] };
    this.sessions.set(session.id, session);
    socket.on('close', () => {
      if (session.socket === socket) session.socket = undefined;
    });
    const { ready, guilds } = this.opts.readyPayload(session.id, this.url);
    this.sendDispatch(session, 'READY', ready);
    if (intents & INTENT.GUILDS) for (const guild of guilds) this.sendDispatch(session, 'GUILD_CREATE', guild);
  }

  private resume(socket: WebSocket, d: Json): void {
    const session = this.sessions.get(String(d.session_id));
    if (!session || d.token !== this.opts.token) {
      this.send(socket, { op: 9, d: false });
      return;
    }
    this.resumes += 1;
    session.socket = socket;
    socket.on('close', () => {
      if (session.socket === socket) session.socket = undefined;
    });
    const since = Number(d.seq ?? 0);
    for (const frame of session.history) if (frame.s > since) this.send(socket, { op: 0, ...frame });
    this.sendDispatch(session, 'RESUMED', {});
  }

  private sendDispatch(session: Session, t: string, d: Json): void {
    session.seq += 1;
    const frame = { s: session.seq, t, d };
    session.history.push(frame);
    if (session.socket) this.send(session.socket, { op: 0, ...frame });
  }

  private send(socket: WebSocket, frame: { op: number; s?: number; t?: string; d?: unknown }): void {
    this.opts.onFrame('out', frame.op, frame.t);
    socket.send(JSON.stringify({ s: null, t: null, d: null, ...frame }));
  }
}
