import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src/engine/index.js';
import type { FakeHubOptions } from './fakes/fake-hub.js';
import { generatedTinyRepo, TINY_REPO, tinyJanusRepo } from './fakes/tiny-janus-repo.js';
import {
  QWEN2_VL_DECODER_DATA_BYTES,
  QWEN2_VL_REPO,
  QWEN2_VL_UNFETCHED,
  tinyQwen2VlRepo,
} from './fakes/tiny-qwen2-vl-repo.js';
import { modelsInProcess as models, usePullFixture } from './helpers/pull-fixture.js';
import { runScanline } from './helpers/scanline-process.js';

const fixture = usePullFixture('scanline-pull-');
const { serve, packDir } = fixture;
const scanline = (args: string[], env: Record<string, string>) =>
  runScanline(args, { HOME: process.env.HOME ?? '', ...env });

describe('scanline models pull (CLI against a fake hub)', () => {
  it('pulls the tiny pack, writes the manifest, lists and verifies it', async () => {
    const repo = tinyJanusRepo();
    const { env } = await serve({ repos: { [TINY_REPO]: repo.source } });
    const pulled = await scanline(['models', 'pull', 'janus-tiny'], env);
    expect(pulled.stderr).toContain('Installed janus-tiny');
    expect(pulled.code).toBe(0);

    const manifest = JSON.parse(await readFile(join(packDir(), 'manifest.json'), 'utf8'));
    const parsed = parseManifest(manifest);
    expect(parsed.ok).toBe(true);
    expect(manifest.tasks).toEqual(['generate', 'understand']);
    expect(manifest.files.language_model).toMatchObject({ path: 'onnx/language_model.onnx' });
    for (const file of Object.values(manifest.files) as { path: string; bytes: number; sha256: string }[]) {
      expect((await stat(join(packDir(), file.path))).size).toBe(file.bytes);
      expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    if (repo.generated) expect(manifest.files['language_model.data'].path).toBe('onnx/language_model.onnx_data');

    const listed = await scanline(['models', 'list', '--json'], env);
    const body = JSON.parse(listed.stdout);
    expect(body.packs.find((p: { name: string }) => p.name === 'janus-tiny')).toMatchObject({
      origin: 'user',
      preferredFor: ['generate', 'understand'],
    });
    const verified = await scanline(['models', 'verify', 'janus-tiny'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).not.toMatch(/mismatch|missing/);
    expect(verified.stdout).toMatch(/janus-tiny\s+language_model\s+ok/);
  });

  it('resumes an interrupted pull with Range instead of fetching the first part again', async () => {
    const { hub, env } = await serve({ failAfterBytes: 1_000_000, failPath: 'onnx/language_model.onnx' });
    const first = await scanline(['models', 'pull', 'janus-tiny', '--retries', '0'], env);
    expect(first.code).toBe(4);
    expect(first.stderr).toContain('run the same pull again: it resumes where it stopped');
    expect(existsSync(join(packDir(), 'manifest.json'))).toBe(false);
    const part = (await stat(join(packDir(), 'onnx/language_model.onnx.part'))).size;
    expect(part).toBeGreaterThan(0);

    hub.requests.length = 0;
    hub.bytesServed.clear();
    const second = await scanline(['models', 'pull', 'janus-tiny', '--json'], env);
    expect(second.code).toBe(0);
    const gets = hub.requests.filter((r) => r.server === 'cdn' && r.path.includes('/blobs/') && r.range);
    expect(gets.map((r) => r.range)).toEqual([`bytes=${part}-`]);
    expect(hub.bytesServed.get('onnx/language_model.onnx')).toBe(3_000_000 - part);
    // Files the first run finished are checked, not fetched again.
    expect(hub.bytesServed.get('onnx/prepare_inputs_embeds.onnx')).toBeUndefined();
    const events = second.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.event === 'file-done' && e.path === 'onnx/language_model.onnx')).toMatchObject({
      resumedFrom: part,
      verified: 'sha256',
    });
    expect(events.at(-1)).toMatchObject({ event: 'done', pack: 'janus-tiny' });
  });

  it('rejects a corrupted file with a clear error and keeps no bad copy', async () => {
    const { env } = await serve({ corrupt: 'onnx/gen_head.onnx' });
    const run = await scanline(['models', 'pull', 'janus-tiny'], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /"onnx\/gen_head\.onnx" from "scanline\/janus-tiny" failed its checksum \(sha256 expected/,
    );
    expect(existsSync(join(packDir(), 'onnx/gen_head.onnx'))).toBe(false);
    expect(existsSync(join(packDir(), 'onnx/gen_head.onnx.part'))).toBe(false);
    expect(existsSync(join(packDir(), 'manifest.json'))).toBe(false);
  });
});

describe('scanline models pull (in-process)', () => {
  it('asks for HF_TOKEN when the hub refuses without one, and passes with the right one', async () => {
    const { hub, env } = await serve({ requireToken: 'hf_secret_1' });
    const without = await models(['pull', 'janus-tiny'], env);
    expect(without.code).toBe(4);
    expect(without.stderr).toContain('no HF_TOKEN is set');
    const wrong = await models(['pull', 'janus-tiny'], { ...env, HF_TOKEN: 'hf_wrong' });
    expect(wrong.stderr).toContain('with the HF_TOKEN that is set');
    const right = await models(['pull', 'janus-tiny'], { ...env, HF_TOKEN: 'hf_secret_1' });
    expect(right.code).toBe(0);
    expect(hub.requests.filter((r) => r.server === 'cdn').every((r) => r.authorization === undefined)).toBe(true);
  });

  it('resolves main to its commit once, downloads every file from that commit and records it in the manifest', async () => {
    const { hub, env } = await serve();
    const run = await models(['pull', 'janus-tiny', '--json'], env);
    expect(run.code).toBe(0);
    const commit = hub.head(TINY_REPO);
    const api = hub.requests.filter((r) => r.path.startsWith('/api/'));
    expect(api.map((r) => `${r.path}?${r.query}`)).toEqual([`/api/models/${TINY_REPO}/revision/main?blobs=true`]);
    const resolves = hub.requests.filter((r) => r.server === 'hub' && r.path.includes('/resolve/'));
    expect(resolves.length).toBe(14);
    expect(resolves.every((r) => r.method === 'GET' && r.path.startsWith(`/${TINY_REPO}/resolve/${commit}/`))).toBe(
      true,
    );
    const manifest = JSON.parse(await readFile(join(packDir(), 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      revision: commit,
      version: commit,
      pulled: { ref: 'main', commit, hashesFrom: 'hub-api' },
    });
    expect(manifest.unverified).toBeUndefined();
    const events = run.stdout.split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ event: 'plan', commit, unverified: [] });
    expect(
      events
        .filter((e) => e.event === 'file-done')
        .map((e) => e.verified)
        .sort(),
    ).toEqual([...Array(7).fill('git-sha1'), ...Array(7).fill('sha256')]);
  });

  it('says the catalog may be outdated when the hub lacks a file', async () => {
    const repo = generatedTinyRepo();
    delete repo['tokenizer.json'];
    const { env } = await serve({ repos: { [TINY_REPO]: repo } });
    const run = await models(['pull', 'janus-tiny', '--json'], env);
    expect(run.code).toBe(4);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    expect(last.error.code).toBe('hub_not_found');
    expect(last.error.message).toContain('the catalog may be outdated');
  });

  it('refuses before downloading anything when the disk is too small', async () => {
    const { hub, env } = await serve();
    const tinyDisk = async () => ({ bavail: 1000, bsize: 4096 });
    const run = await models(['pull', 'janus-tiny'], env, { statFs: tinyDisk });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/needs \d+\.\d MB more and 4\.1 MB are free/);
    // Only the API's file list was read: no file download started.
    expect(hub.requests.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))).toHaveLength(0);
  });

  it('shows the plan with sizes on --dry-run and writes nothing', async () => {
    const { env } = await serve();
    const run = await models(['pull', 'janus-tiny', '--dry-run'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/14 files, 4\.\d MB/);
    expect(existsSync(packDir())).toBe(false);
  });

  it('names the packs it knows when asked for another, and the dtypes', async () => {
    const { env } = await serve();
    expect((await models(['pull', 'janus-pro-2b'], env)).stderr).toContain('Packs in the catalog: janus-pro-1b');
    expect((await models(['pull', 'janus-pro-1b', '--dtype', 'q2'], env)).stderr).toContain(
      'Choose one of: q4, q4f16, fp16, fp32, quantized',
    );
  });
});

describe('scanline models remove', () => {
  it('removes a pulled pack with --yes, and refuses without it when nobody can answer', async () => {
    const { env } = await serve();
    expect((await models(['pull', 'janus-tiny'], env)).code).toBe(0);
    const refused = await models(['remove', 'janus-tiny'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('This removes');
    expect(refused.stderr).toContain('run the command again with --yes');
    expect(existsSync(packDir())).toBe(true);

    const asked: string[] = [];
    const declined = await models(['remove', 'janus-tiny'], env, {
      stdinIsTTY: true,
      confirm: async (q) => (asked.push(q), false),
    });
    expect(asked).toHaveLength(1);
    expect(declined.code).toBe(7);
    expect(existsSync(packDir())).toBe(true);

    const removed = await models(['remove', 'janus-tiny', '--yes'], env);
    expect(removed.code).toBe(0);
    expect(existsSync(packDir())).toBe(false);
    expect(existsSync(fixture.dir())).toBe(true);
  });

  it('removes what an interrupted pull left', async () => {
    const { env } = await serve({ failAfterBytes: 500_000, failPath: 'onnx/language_model.onnx' });
    expect((await models(['pull', 'janus-tiny', '--retries', '0'], env)).code).toBe(4);
    const run = await models(['remove', 'janus-tiny', '--yes'], env);
    expect(run.stderr).toContain('an unfinished pull');
    expect(existsSync(packDir())).toBe(false);
  });

  it('never removes an npm or repo pack', async () => {
    const { env } = await serve();
    const run = await models(['remove', 'ppocr-v4', '--yes'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it is a npm pack');
  });
});

describe('scanline models pull (hub down)', () => {
  it('says which endpoint failed and that the pull resumes, after the retries', async () => {
    const { hub, env } = await serve();
    await hub.close();
    const run = await models(['pull', 'janus-tiny', '--retries', '2'], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`from ${env.HF_ENDPOINT} failed after 3 attempts`);
    expect(run.stderr.match(/retry \d for file list of scanline\/janus-tiny/g)).toHaveLength(2);
  });
});

describe('scanline models pull qwen2-vl-2b (the published Qwen2-VL layout on a fake hub)', () => {
  const qwenDir = () => join(fixture.dir(), 'qwen2-vl-2b');
  const serveQwen = (opts: Partial<FakeHubOptions> = {}) =>
    serve({ repos: { [QWEN2_VL_REPO]: tinyQwen2VlRepo() }, ...opts });
  const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

  it('pulls the chosen dtype only, checks every hash and writes a qwen2-vl manifest for understand and ground', async () => {
    const repo = tinyQwen2VlRepo();
    const { hub, env } = await serveQwen();
    const run = await models(['pull', 'qwen2-vl-2b', '--dtype', 'q4f16', '--json'], env);
    expect(run.code).toBe(0);

    const manifest = JSON.parse(await readFile(join(qwenDir(), 'manifest.json'), 'utf8'));
    expect(parseManifest(manifest).ok).toBe(true);
    expect(manifest).toMatchObject({
      name: 'qwen2-vl-2b',
      architecture: 'qwen2-vl',
      tasks: ['understand', 'ground'],
      license: 'Apache-2.0',
      pulled: { repo: QWEN2_VL_REPO, dtype: 'q4f16', hashesFrom: 'hub-api' },
    });
    expect(manifest.files).toMatchObject({
      embed_tokens: { path: 'onnx/embed_tokens_q4f16.onnx' },
      vision_encoder: { path: 'onnx/vision_encoder_q4f16.onnx' },
      'vision_encoder.data': { path: 'onnx/vision_encoder_q4f16.onnx_data' },
      decoder_model_merged: { path: 'onnx/decoder_model_merged_q4f16.onnx' },
      'decoder_model_merged.data': { path: 'onnx/decoder_model_merged_q4f16.onnx_data' },
      tokenizer: { path: 'tokenizer.json' },
      preprocessor_config: { path: 'preprocessor_config.json' },
    });
    for (const file of Object.values(manifest.files) as { path: string; sha256: string }[]) {
      const expected = repo[file.path];
      expect(expected, file.path).toBeDefined();
      expect(file.sha256).toBe(sha256(expected!));
      expect(sha256(await readFile(join(qwenDir(), file.path)))).toBe(file.sha256);
    }
    const done = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.event === 'file-done');
    expect(done.every((e) => e.verified === 'sha256' || e.verified === 'git-sha1')).toBe(true);
    // Weights of other dtypes and the slow-tokenizer files the runner never reads stay on the hub.
    const served = [...hub.bytesServed.keys()];
    expect(served.filter((p) => p.startsWith('onnx/')).every((p) => p.includes('_q4f16.'))).toBe(true);
    for (const path of QWEN2_VL_UNFETCHED) expect(served).not.toContain(path);

    // Another dtype replaces the files of the first once its manifest is written.
    expect((await models(['pull', 'qwen2-vl-2b', '--dtype', 'q4'], env)).code).toBe(0);
    expect(existsSync(join(qwenDir(), 'onnx/decoder_model_merged_q4.onnx_data'))).toBe(true);
    expect(existsSync(join(qwenDir(), 'onnx/decoder_model_merged_q4f16.onnx_data'))).toBe(false);
  });

  it('resumes a cut decoder download with Range and verifies the joined file', async () => {
    const data = 'onnx/decoder_model_merged_q4.onnx_data';
    const { hub, env } = await serveQwen({ failAfterBytes: 700_000, failPath: data });
    const first = await models(['pull', 'qwen2-vl-2b', '--retries', '0'], env);
    expect(first.code).toBe(4);
    expect(existsSync(join(qwenDir(), 'manifest.json'))).toBe(false);
    const part = (await stat(join(qwenDir(), `${data}.part`))).size;
    expect(part).toBeGreaterThan(0);

    hub.requests.length = 0;
    hub.bytesServed.clear();
    const second = await models(['pull', 'qwen2-vl-2b', '--json'], env);
    expect(second.code).toBe(0);
    expect(hub.bytesServed.get(data)).toBe(QWEN2_VL_DECODER_DATA_BYTES - part);
    const events = second.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.event === 'file-done' && e.path === data)).toMatchObject({
      resumedFrom: part,
      verified: 'sha256',
    });
    const manifest = JSON.parse(await readFile(join(qwenDir(), 'manifest.json'), 'utf8'));
    expect(manifest.pulled.dtype).toBe('q4');
    expect(manifest.files['decoder_model_merged.data'].sha256).toBe(sha256(tinyQwen2VlRepo()[data]!));
  });

  it('refuses before downloading when the disk cannot hold the dtype', async () => {
    const { hub, env } = await serveQwen();
    const run = await models(['pull', 'qwen2-vl-2b', '--dtype', 'fp32'], env, {
      statFs: async () => ({ bavail: 1000, bsize: 4096 }),
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/needs \d+\.\d MB more and 4\.1 MB are free/);
    expect(hub.requests.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))).toHaveLength(0);
  });

  it('is offered by models list until pulled, then listed as installed', async () => {
    const { env } = await serveQwen();
    const before = await models(['list'], env);
    expect(before.stdout).toMatch(
      /Packs to pull[^\n]*\n(?:.*\n)*\s+qwen2-vl-2b\s+tasks: understand, ground\s+license: Apache-2\.0/,
    );
    expect(before.stdout).toMatch(/dtypes: q4 \(default\), q4f16, fp16, fp32/);
    const json = JSON.parse((await models(['list', '--json'], env)).stdout);
    expect(json.catalog.find((e: { name: string }) => e.name === 'qwen2-vl-2b')).toMatchObject({
      repo: QWEN2_VL_REPO,
      tasks: ['understand', 'ground'],
      defaultDtype: 'q4',
      installed: false,
      testOnly: false,
    });

    expect((await models(['pull', 'qwen2-vl-2b', '--dtype', 'q4f16'], env)).code).toBe(0);
    const after = JSON.parse((await models(['list', '--json'], env)).stdout);
    expect(after.catalog.find((e: { name: string }) => e.name === 'qwen2-vl-2b').installed).toBe(true);
    expect(after.packs.find((p: { name: string }) => p.name === 'qwen2-vl-2b')).toMatchObject({ origin: 'user' });
    expect((await models(['list'], env)).stdout).not.toMatch(/^\s+qwen2-vl-2b\s+tasks:/m);
  });
});
