import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EncodedImage, JobEvent, ReplySink, SinkBudget } from '../../pipeline/types.js';

const EXT: Record<EncodedImage['mime'], string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

export interface CliResult {
  done?: Extract<JobEvent, { type: 'done' }>;
  failed?: Extract<JobEvent, { type: 'failed' | 'cancelled' }>;
  outputs: string[];
  frames: string[];
}

/** Shows a job in a terminal: frames and finals are files in the output folder, progress goes to stderr. */
export class CliSink implements ReplySink {
  readonly budget: SinkBudget = {
    minIntervalMs: 0,
    maxFileBytes: 64 * 1024 * 1024,
    previewMime: 'image/jpeg',
    everyFrame: true,
  };
  readonly result: CliResult = { outputs: [], frames: [] };
  private readonly outDir: string;
  private readonly say: (line: string) => void;

  constructor(outDir: string, say: (line: string) => void) {
    this.outDir = outDir;
    this.say = say;
  }

  async open(event: Extract<JobEvent, { type: 'queued' | 'started' }>): Promise<void> {
    await this.update(event);
  }

  async update(event: Extract<JobEvent, { type: 'progress' | 'queued' | 'started' }>): Promise<void> {
    if (event.type === 'queued') this.say(`queued at position ${event.position}`);
    else if (event.type === 'started') this.say('started');
    else {
      this.say(`${Math.round(event.fraction * 100)}%${event.text ? ` ${event.text}` : ''}`);
      if (event.preview) {
        const n = String(this.result.frames.length + 1).padStart(3, '0');
        this.result.frames.push(await this.write(`frames/frame-${n}.${EXT[event.preview.mime]}`, event.preview.data));
      }
    }
  }

  async finish(event: Extract<JobEvent, { type: 'done' }>): Promise<void> {
    this.result.done = event;
    for (const [i, image] of event.images.entries()) {
      const base = image.name.replace(/\.[a-z0-9]+$/i, '');
      const suffix = event.images.length > 1 ? `-${i + 1}` : '';
      this.result.outputs.push(await this.write(`${base}${suffix}.${EXT[image.mime]}`, image.data));
    }
  }

  async fail(event: Extract<JobEvent, { type: 'failed' | 'cancelled' }>): Promise<void> {
    this.result.failed = event;
  }

  private async write(relative: string, data: Uint8Array): Promise<string> {
    const path = join(this.outDir, relative);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, data);
    return path;
  }
}
