// `scanline worker` from the shell: its help, and the one sentence it answers without Redis.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScanline } from '../helpers/scanline-process.js';

describe('scanline worker', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'scanline-worker-cli-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('is in the help, with what it needs', async () => {
    const run = await runScanline(['worker', '--help'], { HOME: home });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('SCANLINE_REDIS_URL');
    expect(run.stdout).toContain('SCANLINE_CONCURRENCY');
  });

  it('says to set SCANLINE_REDIS_URL, and exits with the config code, when there is no Redis', async () => {
    const run = await runScanline(['worker'], { HOME: home });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('set SCANLINE_REDIS_URL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('says Redis did not answer, and exits, when SCANLINE_REDIS_URL points at nothing (worker and bot alike)', async () => {
    const env = { HOME: home, SCANLINE_REDIS_URL: 'redis://:s3cret@127.0.0.1:1', SCANLINE_PLAYGROUND: 'on' };
    for (const command of ['worker', 'start']) {
      const run = await runScanline([command], env);
      expect(run.code, run.stderr).toBe(8);
      expect(run.stderr).toContain('SCANLINE_REDIS_URL redis://***@127.0.0.1:1 does not answer');
      expect(run.stderr + run.stdout).not.toContain('s3cret');
    }
  });
});
