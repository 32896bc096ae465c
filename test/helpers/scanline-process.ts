// The real `scanline` CLI as a child process, for tests that kill, restart or misconfigure it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/scanline.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One command to its end; a clean environment (no settings from the developer's shell) plus `env`. */
export function runScanline(
  args: string[],
  env: Record<string, string>,
  { cwd, timeoutMs = 60_000 }: { cwd?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
        ...(cwd ? { cwd } : {}),
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 8 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `scanline start` (or another long-running command, e.g. `worker`) running in the background. */
export class ScanlineProcess {
  stdout = '';
  stderr = '';
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(env: Record<string, string>, args: string[]) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk) => (this.stdout += String(chunk)));
    this.child.stderr?.on('data', (chunk) => (this.stderr += String(chunk)));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts and waits for `ready` on stdout (e.g. the playground's URL line). */
  static async start(
    env: Record<string, string>,
    ready = /Playground: http/,
    args: string[] = ['start'],
  ): Promise<ScanlineProcess> {
    const started = new ScanlineProcess(env, args);
    try {
      await started.waitForOutput(ready);
    } catch (error) {
      started.child.kill('SIGKILL');
      throw error;
    }
    return started;
  }

  waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        this.child.stdout?.off('data', check);
        this.child.off('exit', gone);
        fn();
      };
      const check = () => {
        const m = this.stdout.match(pattern);
        if (m) done(() => resolve(m));
      };
      const gone = () => done(() => reject(new Error(`exited before ${pattern}:\n${this.stdout}\n${this.stderr}`)));
      const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} in:\n${this.stdout}`))), timeoutMs);
      this.child.stdout?.on('data', check);
      this.child.once('exit', gone);
      check();
    });
  }

  /** SIGKILL: no shutdown code runs, as after a power cut or the OOM killer. */
  async kill9(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and the exit code (the clean shutdown path). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    return (await this.exited).code;
  }
}
