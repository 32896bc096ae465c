// Free space where a pack will be written, checked once for the whole pack
// before the first byte, so a pull never dies half way on a full disk.
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ScanlineError } from '../common/errors.js';

/** What `fs.statfs` answers that we use; injectable so tests can pretend the disk is small. */
export interface FsStats {
  bavail: number | bigint;
  bsize: number | bigint;
}

export type StatFs = (path: string) => Promise<FsStats>;

/** Bytes an unprivileged user may still write on the file system that holds `path` (or its nearest existing parent). */
export async function freeBytes(path: string, statFs: StatFs = statfs): Promise<number> {
  let current = path;
  for (;;) {
    try {
      const st = await statFs(current);
      return Number(st.bavail) * Number(st.bsize);
    } catch (error) {
      const parent = dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      current = parent;
    }
  }
}

/** Throws `disk_full` with the numbers when `needBytes` (plus a reserve left for the system) do not fit. */
export async function ensureFreeSpace(
  dir: string,
  needBytes: number,
  reserveBytes: number,
  statFs: StatFs = statfs,
): Promise<{ free: number }> {
  const free = await freeBytes(dir, statFs);
  if (needBytes + reserveBytes > free) {
    throw new ScanlineError('disk_full', {
      dir,
      needMb: toMb(needBytes),
      freeMb: toMb(free),
      shortMb: toMb(needBytes + reserveBytes - free),
    });
  }
  return { free };
}

/** Decimal megabytes with one decimal, as the hub shows sizes. */
export function toMb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
