// The house's arrows (docs/architecture.md): bots -> adapters -> pipeline -> engine, every part may use
// common/, and packs/ serves bots. This test reads every import of src/ and fails on one that runs up a
// layer, across adapters, from an adapter into the engine, or past a part's public index.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** What each part may import; a part not listed may import nothing of ours. */
const ALLOWED: Record<string, readonly string[]> = {
  common: [],
  engine: ['common'],
  pipeline: ['common', 'engine'],
  adapters: ['common', 'pipeline'],
  packs: ['common', 'engine'],
  bots: ['common', 'engine', 'pipeline', 'adapters', 'packs'],
};

/** A part imported from outside it only through these files (its public face; engine/types.ts is its contract). */
const PUBLIC: Record<string, readonly string[]> = {
  engine: ['engine/index.ts', 'engine/types.ts'],
  pipeline: ['pipeline/index.ts'],
};

/** Who may see past a part's public face: the bots wire the process together from the parts' pieces. */
const SEES_INTERNALS: ReadonlySet<string> = new Set(['bots']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'public' ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  return found;
}

/** `adapters/discord` for an adapter file, else the top folder. */
function partOf(rel: string): { part: string; adapter?: string } {
  const [top = '', second = ''] = rel.split('/');
  return top === 'adapters' && rel.split('/').length > 2 ? { part: top, adapter: second } : { part: top };
}

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    const source = partOf(from);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const to = relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
      if (to.startsWith('..')) {
        found.push(`${from} imports ${spec}, outside src/`);
        continue;
      }
      const target = partOf(to);
      if (target.part === source.part) {
        if (source.adapter && target.adapter && source.adapter !== target.adapter) {
          found.push(`${from} imports ${to}: across adapters`);
        }
        continue;
      }
      if (!(ALLOWED[source.part] ?? []).includes(target.part)) {
        found.push(`${from} imports ${to}: ${source.part} may not import ${target.part}`);
        continue;
      }
      const face = PUBLIC[target.part];
      if (face && !face.includes(to) && !SEES_INTERNALS.has(source.part)) {
        found.push(`${from} imports ${to}: past ${target.part}'s public index (${face.join(', ')})`);
      }
    }
  }
  return found;
}

describe('the house’s boundaries', () => {
  it('no import runs up a layer, across adapters, into the engine from an adapter, or past a public index', () => {
    expect(violations()).toEqual([]);
  });

  it('the check itself sees each kind of wrong import', () => {
    const wrong = [
      "import { x } from './y.js';",
      "export { z } from '../a/b.js';",
      "const m = await import('./c.js');",
    ];
    expect(specifiers(wrong.join('\n'))).toEqual(['./y.js', '../a/b.js', './c.js']);
    expect(partOf('adapters/discord/sink.ts')).toEqual({ part: 'adapters', adapter: 'discord' });
    expect(partOf('adapters/adapter-runtime.ts')).toEqual({ part: 'adapters' });
  });
});
