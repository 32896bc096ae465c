import { describe, expect, it } from 'vitest';
import { isScanlineError } from '../common/errors.js';
import { ensureFreeSpace, freeBytes, toMb, type StatFs } from './disk-space.js';

const disk =
  (freeBytesValue: number, existing: string[]): StatFs =>
  async (path) => {
    if (!existing.includes(path)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return { bavail: BigInt(freeBytesValue / 4096), bsize: 4096 };
  };

describe('disk space', () => {
  it('asks the nearest existing parent of a folder that does not exist yet', async () => {
    expect(await freeBytes('/data/models/janus', disk(8192 * 1000, ['/data']))).toBe(8192 * 1000);
  });

  it('refuses with the numbers when the pack does not fit', async () => {
    const error = await ensureFreeSpace('/data/models', 900e6, 100e6, disk(4096 * 200_000, ['/data'])).catch((e) => e);
    expect(isScanlineError(error) && error.code).toBe('disk_full');
    expect(error.message).toContain('needs 900.0 MB more and 819.2 MB are free');
    expect(error.message).toContain('Free at least 180.8 MB');
  });

  it('passes when need plus reserve fit', async () => {
    await expect(ensureFreeSpace('/d', 100, 0, disk(4096, ['/d']))).resolves.toEqual({ free: 4096 });
  });

  it('prints decimal megabytes', () => {
    expect(toMb(1_234_567)).toBe('1.2');
  });
});
