// `scanline models remove NAME`: deletes a pack folder, but only one that sits
// directly in a user models folder (what `pull` makes), never a repo or npm pack.
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ScanlineError } from '../common/errors.js';
import type { PackListing } from '../engine/index.js';

export interface RemovalPlan {
  name: string;
  dir: string;
  files: number;
  bytes: number;
  /** False when only an unfinished pull (no manifest yet) is there. */
  installed: boolean;
}

/**
 * Finds what `remove NAME` would delete: an installed user pack of that name, or the
 * folder an interrupted pull left at `<userDir>/<name>`. Throws when NAME is not removable.
 */
export async function planRemoval(
  name: string,
  listing: PackListing[],
  userDirs: string[],
): Promise<RemovalPlan | undefined> {
  const matches = listing.filter((p) => p.name === name);
  for (const pack of matches.filter((p) => p.origin === 'user')) {
    const parent = await userDirHolding(pack.dir, userDirs);
    if (parent) return { name, dir: pack.dir, ...(await folderSize(pack.dir)), installed: true };
  }
  for (const userDir of userDirs) {
    const dir = join(userDir, name);
    if (!isPlainName(name) || !(await isDirectory(dir))) continue;
    return { name, dir, ...(await folderSize(dir)), installed: false };
  }
  const other = matches[0];
  if (other) {
    throw new ScanlineError('pack_not_removable', {
      name,
      userDir: userDirs.join(', '),
      origin: other.origin,
      dir: other.dir,
    });
  }
  return undefined;
}

export async function removePack(plan: RemovalPlan, userDirs: string[]): Promise<void> {
  // Checked again right before deleting: the folder must still be a child of a user folder, not a link out of it.
  if (!(await userDirHolding(plan.dir, userDirs)) || (await lstat(plan.dir)).isSymbolicLink()) {
    throw new ScanlineError('pack_not_removable', {
      name: plan.name,
      userDir: userDirs.join(', '),
      origin: 'linked',
      dir: plan.dir,
    });
  }
  await rm(plan.dir, { recursive: true, force: true });
}

/** The user folder that `dir` is a direct child of (after resolving links), if any. */
async function userDirHolding(dir: string, userDirs: string[]): Promise<string | undefined> {
  const real = await realpath(dir).catch(() => resolve(dir));
  for (const userDir of userDirs) {
    const base = await realpath(userDir).catch(() => resolve(userDir));
    const rel = relative(base, real);
    if (rel !== '' && !rel.startsWith('..') && !rel.includes(sep)) return userDir;
  }
  return undefined;
}

function isPlainName(name: string): boolean {
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) && !name.includes('..');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await lstat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
