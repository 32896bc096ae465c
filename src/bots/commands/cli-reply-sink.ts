import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EncodedImage, JobEvent, ReplySink, SinkBudget } from '../../pipeline/types.js';
import { displayWidth, fitEnd, fitStart, printable } from '../../packs/progress.js';

const EXT: Record<EncodedImage['mime'], string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export interface CliResult {
  done?: Extract<JobEvent, { type: 'done' }>;
  failed?: Extract<JobEvent, { type: 'failed' | 'cancelled' }>;
  outputs: string[];
  frames: string[];
}

/** Where progress is shown: process.stderr, or a fake one in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** How a job's progress is shown while it runs; the answer itself goes to stdout afterwards. */
export interface JobProgress {
  status(text: string): void;
  progress(fraction: number, text?: string): void;
  /** Leaves the terminal on a clean line before the answer is printed. */
  end(): void;
}

const CLEAR = '\r\x1b[2K';
const BAR_WIDTH = 24;

/** One line redrawn in place: `[#####.......]  45%  …newest words of the answer`. */
export function ttyProgress(stream: ProgressStream, now: () => number = Date.now, intervalMs = 80): JobProgress {
  let drawn = false;
  let lastDraw = -Infinity;
  const draw = (line: string): void => {
    // One column short of the width: writing the last column makes some terminals wrap.
    const columns = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`${CLEAR}${fitStart(line, columns)}`);
    drawn = true;
  };
  return {
    status: (text) => {
      draw(printable(text));
      // A status change is news: the next progress is drawn at once.
      lastDraw = -Infinity;
    },
    progress: (fraction, text) => {
      const f = Math.min(1, Math.max(0, fraction));
      if (f < 1 && now() - lastDraw < intervalMs) return;
      const columns = Math.max(20, (stream.columns ?? 80) - 1);
      const width = Math.max(5, Math.min(BAR_WIDTH, columns - 30));
      const filled = Math.round(f * width);
      const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
      const tail = text ? fitEnd(printable(text).trim(), columns - displayWidth(head) - 2) : '';
      draw(tail ? `${head}  ${tail}` : head);
      lastDraw = now();
    },
    end: () => {
      if (drawn) stream.write(CLEAR);
      drawn = false;
    },
  };
}

/** Plain lines for pipes and logs: each status, and the progress every 10% (not every token). */
export function lineProgress(say: (line: string) => void, columns = 100): JobProgress {
  let lastStep = -1;
  return {
    status: (text) => say(printable(text)),
    progress: (fraction, text) => {
      const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
      const step = Math.floor(pct / 10);
      if (step === lastStep) return;
      lastStep = step;
      const head = `${pct}%`;
      const tail = text ? fitEnd(printable(text).trim(), columns - head.length - 1) : '';
      say(tail ? `${head} ${tail}` : head);
    },
    end: () => {},
  };
}

/** A bar on a terminal, plain lines otherwise. */
export function jobProgressFor(stream: ProgressStream): JobProgress {
  return stream.isTTY ? ttyProgress(stream) : lineProgress((line) => stream.write(`${line}\n`));
}

const SILENT: JobProgress = { status: () => {}, progress: () => {}, end: () => {} };

/** Shows a job in a terminal: frames and finals are files in the output folder, progress goes to stderr. */
export class CliReplySink implements ReplySink {
  readonly budget: SinkBudget = {
    minIntervalMs: 0,
    maxFileBytes: 64 * 1024 * 1024,
    previewMime: 'image/jpeg',
    everyFrame: true,
  };
  readonly result: CliResult = { outputs: [], frames: [] };
  private readonly outDir: string;
  private readonly shown: JobProgress;

  /** `progress`: a stream (bar on a TTY, lines otherwise), a line callback, or nothing (`--json`). */
  constructor(outDir: string, progress?: ProgressStream | ((line: string) => void)) {
    this.outDir = outDir;
    if (!progress) this.shown = SILENT;
    else if (typeof progress === 'function') this.shown = lineProgress(progress);
    else this.shown = jobProgressFor(progress);
  }

  async open(event: Extract<JobEvent, { type: 'queued' | 'started' }>): Promise<void> {
    await this.update(event);
  }

  async update(event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>): Promise<void> {
    if (event.type === 'queued') this.shown.status(`queued at position ${event.position}`);
    else if (event.type === 'started') this.shown.status('started');
    else {
      this.shown.progress(event.fraction, event.text);
      if (event.preview) {
        const n = String(this.result.frames.length + 1).padStart(3, '0');
        this.result.frames.push(await this.write(`frames/frame-${n}.${EXT[event.preview.mime]}`, event.preview.data));
      }
    }
  }

  async finish(event: Extract<JobEvent, { type: 'done' }>): Promise<void> {
    this.shown.end();
    this.result.done = event;
    for (const [i, image] of event.images.entries()) {
      const base = image.name.replace(/\.[a-z0-9]+$/i, '');
      const suffix = event.images.length > 1 ? `-${i + 1}` : '';
      this.result.outputs.push(await this.write(`${base}${suffix}.${EXT[image.mime]}`, image.data));
    }
  }

  async fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>): Promise<void> {
    this.shown.end();
    this.result.failed = event;
  }

  private async write(relative: string, data: Uint8Array): Promise<string> {
    const path = join(this.outDir, relative);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, data);
    return path;
  }
}
