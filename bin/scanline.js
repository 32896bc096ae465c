#!/usr/bin/env node
// Runs the build in dist/ (made by `npm run build`, which `npm ci` runs as prepare). A checkout whose
// src/ changed after the last build runs the TypeScript through tsx instead, so it never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** True when a file under `dir` changed after `sinceMs`; stops at the first one. Tests do not count, they are not built. */
function changedSince(dir, sinceMs) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (
      entry.isDirectory()
        ? changedSince(path, sinceMs)
        : !entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > sinceMs
    ) {
      return true;
    }
  }
  return false;
}

/** The stamp's time is when the build started, so an edit made during a build counts as newer. */
function buildIsCurrent() {
  try {
    return !changedSince(join(root, 'src'), statSync(join(root, 'dist', '.build-stamp')).mtimeMs);
  } catch {
    return false;
  }
}

let main;
if (buildIsCurrent()) {
  ({ main } = await import('../dist/bots/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/bots/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
