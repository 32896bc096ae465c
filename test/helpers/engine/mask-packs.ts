// The tiny random-weight mask packs in test/fixtures (scripts/make-tiny-mask-packs.py) as installed packs,
// in front of the npm packs (CenterNet for named targets), as a user folder would put them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifest } from '../../../src/engine/pack-manifest.js';
import type { InstalledPack, PackLookup } from '../../../src/engine/task-runner.js';
import { packLookup } from '../ocr-pack.js';
import { npmPacks } from './vision-context.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The pack in `dir` (default: test/fixtures/<name>), installed from a user folder. */
export function fixturePack(name: 'birefnet-tiny' | 'slimsam-tiny', dir = join(FIXTURES, name)): InstalledPack {
  const parsed = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.problem);
  const manifest = parsed.manifest;
  return { manifest, dir, origin: 'user', file: (role) => join(dir, manifest.files[role]!.path) };
}

/** `packs` first, then the npm packs. */
export function withPacks(...packs: InstalledPack[]): PackLookup {
  const npm = npmPacks();
  const mine = packLookup(packs);
  return {
    find: (task, architecture) => mine.find(task, architecture) ?? npm.find(task, architecture),
    findAll: (task) => [...mine.findAll(task), ...npm.findAll(task)],
    list: () => [...mine.list(), ...npm.list()],
  };
}
