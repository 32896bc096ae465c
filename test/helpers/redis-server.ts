// A real redis-server (the Debian package `.ci/run` installs) on a free loopback port, with
// its own data folder: the one Redis every scale-out, journal and settings test talks to.
// Append-only persistence is on (as the README asks of production Redis), so `restart()`
// brings back everything that was queued.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './scanline-process.js';

const REDIS_BIN = process.env.SCANLINE_TEST_REDIS_SERVER ?? 'redis-server';

/**
 * Why Redis tests cannot run here, or undefined when they must. `.ci/run` installs
 * redis-server and CI never skips: a missing server fails there.
 */
export function redisSkipReason(): string | undefined {
  if (process.env.CI || spawnSync(REDIS_BIN, ['--version'], { stdio: 'ignore' }).status === 0) return undefined;
  return 'Redis tests skipped: redis-server is missing. Install it with `apt-get install -y redis-server` (CI installs it and never skips).';
}

export class TestRedis {
  readonly port: number;
  readonly dir: string;
  #child: ChildProcess | undefined;
  #log = '';

  private constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
  }

  /** Starts a fresh server; `stop()` it (and its folder) in afterAll. */
  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort(), mkdtempSync(join(tmpdir(), 'scanline-redis-')));
    await redis.#launch();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** What the server printed (for a failing test's message). */
  get log(): string {
    return this.#log;
  }

  async #launch(): Promise<void> {
    const child = spawn(
      REDIS_BIN,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        // BullMQ needs keys it relies on never to be evicted.
        '--maxmemory-policy',
        'noeviction',
        '--protected-mode',
        'yes',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (d: Buffer) => (this.#log = (this.#log + d.toString()).slice(-8000)));
    child.stderr?.on('data', (d: Buffer) => (this.#log = (this.#log + d.toString()).slice(-8000)));
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (!(await this.#answersPing())) {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${this.#log}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${this.port}:\n${this.#log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  #answersPing(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: this.port });
      socket.setTimeout(1000);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
  }

  async #exit(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** A clean shutdown (SIGTERM: the append-only file is flushed) and a start on the same port and folder. */
  async restart(opts: { downMs?: number } = {}): Promise<void> {
    await this.#exit('SIGTERM');
    if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
    await this.#launch();
  }

  /** Stops the server (SIGKILL: nothing flushed) without removing its folder. */
  async kill(): Promise<void> {
    await this.#exit('SIGKILL');
  }

  /** Starts it again after `kill()`. */
  async resume(): Promise<void> {
    if (!this.#child) await this.#launch();
  }

  /** Stops the server and removes its folder. */
  async stop(): Promise<void> {
    await this.#exit('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
