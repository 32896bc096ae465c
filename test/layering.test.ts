// The arrows of docs/architecture.md, checked on the import lines: the pipeline reaches the
// engine only through its public index, and the engine never imports a part above it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Source files (not tests) under `folder`, relative to the repo root. */
function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(folder, f));
}

/** Each relative import of `file` as a repo-relative path. */
export function importsOf(file: string, text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => normalize(join(dirname(file), m[1]!)));
}

function offending(folder: string, bad: (target: string) => boolean): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file, readFileSync(join(ROOT, file), 'utf8'))
      .filter(bad)
      .map((target) => `${file} -> ${relative(ROOT, join(ROOT, target))}`),
  );
}

describe('layering', () => {
  it('reads static, type-only, re-export and dynamic imports', () => {
    const text = [
      "import { a } from '../engine/x.js';",
      "import type { B } from '../../engine/index.js';",
      "export * from './y.js';",
      "const m = await import('../engine/z.js');",
      "import './side-effect.js';",
    ].join('\n');
    expect(importsOf('src/pipeline/tasks/t.ts', text)).toEqual([
      'src/pipeline/engine/x.js',
      'src/engine/index.js',
      'src/pipeline/tasks/y.js',
      'src/pipeline/engine/z.js',
      'src/pipeline/tasks/side-effect.js',
    ]);
  });

  it('the pipeline imports the engine only through src/engine/index.ts', () => {
    const internal = (t: string): boolean =>
      t.startsWith(join('src', 'engine')) && t !== join('src', 'engine', 'index.js');
    expect(offending('src/pipeline', internal)).toEqual([]);
  });

  it('the engine imports neither the pipeline, nor adapters, nor bots', () => {
    const above = (t: string): boolean => ['pipeline', 'adapters', 'bots'].some((p) => t.startsWith(join('src', p)));
    expect(offending('src/engine', above)).toEqual([]);
  });
});
