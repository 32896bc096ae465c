import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub, type FakeHubOptions } from '../../test/fakes/fake-hub.js';
import { pseudoRandom } from '../../test/fakes/tiny-janus-repo.js';
import { downloadFile, type DownloadOptions } from './downloader.js';
import { HubClient } from './hub-client.js';

const weights = pseudoRandom(400_000, 7);
const sha256 = (d: Uint8Array) => createHash('sha256').update(d).digest('hex');

let dir: string;
let hub: FakeHub | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanline-dl-'));
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function setup(opts: Partial<FakeHubOptions> = {}, extra: Partial<DownloadOptions> = {}) {
  hub = await startFakeHub({ repos: { 'acme/tiny': { 'onnx/model.onnx': weights } }, redirectToCdn: true, ...opts });
  const client = new HubClient({ endpoint: hub.url });
  const remote = client.remoteFile(await client.snapshot('acme/tiny', 'main'), 'onnx/model.onnx');
  const dest = join(dir, 'pack', 'onnx', 'model.onnx');
  const retries: { attempt: number; reason: string }[] = [];
  const options: DownloadOptions = {
    hub: client,
    remote: remote!,
    dest,
    retries: 3,
    backoffMs: () => 0,
    sleep: async () => {},
    idleTimeoutMs: 10_000,
    onRetry: (attempt, _delay, reason) => retries.push({ attempt, reason }),
    ...extra,
  };
  return { hub, options, dest, retries };
}

describe('downloadFile', () => {
  it('downloads, verifies the sha256 and leaves no part behind', async () => {
    const { options, dest } = await setup();
    const got = await downloadFile(options);
    expect(got).toMatchObject({ bytes: weights.length, sha256: sha256(weights), verified: 'sha256', resumedFrom: 0 });
    expect((await readFile(dest)).equals(Buffer.from(weights))).toBe(true);
    expect(existsSync(`${dest}.part`) || existsSync(`${dest}.part.json`)).toBe(false);
  });

  it('resumes after a cut connection within the same run, fetching only the rest', async () => {
    const { hub, options, retries } = await setup({ failAfterBytes: 150_000 });
    const got = await downloadFile(options);
    expect(got.sha256).toBe(sha256(weights));
    expect(retries).toHaveLength(1);
    const cdnGets = hub.requests.filter((r) => r.server === 'cdn' && r.method === 'GET');
    expect(cdnGets).toHaveLength(2);
    expect(cdnGets[0]?.range).toBeUndefined();
    // Chunks still queued when the stream errors are lost, so the resume point is what reached the disk.
    const resumeAt = Number(cdnGets[1]?.range?.match(/^bytes=(\d+)-$/)?.[1]);
    expect(resumeAt).toBeGreaterThan(0);
    expect(resumeAt).toBeLessThanOrEqual(150_000);
    expect(hub.bytesServed.get('onnx/model.onnx')).toBe(150_000 + weights.length - resumeAt);
  });

  it('gives up after the retries with a sentence that says the next pull resumes', async () => {
    const { options, dest } = await setup({ failAfterBytes: 100_000 }, { retries: 0 });
    const error = await downloadFile(options).catch((e) => e);
    expect(error.code).toBe('hub_unreachable');
    expect(error.message).toMatch(/after 1 attempts .*resumes where it stopped/);
    const kept = (await readFile(`${dest}.part`)).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(100_000);
    expect(existsSync(dest)).toBe(false);
  });

  it('continues a part an earlier run left, after hashing it', async () => {
    const { hub, options, dest } = await setup();
    await downloadFile({ ...options, dest: `${dest}.tmp` }).catch(() => {});
    await rm(`${dest}.tmp`);
    hub.requests.length = 0;
    hub.bytesServed.clear();
    await writeFile(`${dest}.part`, weights.subarray(0, 123_456));
    await writeFile(`${dest}.part.json`, JSON.stringify({ etag: options.remote.etag, size: weights.length }));
    const got = await downloadFile(options);
    expect(got).toMatchObject({ resumedFrom: 123_456, sha256: sha256(weights) });
    expect(hub.bytesServed.get('onnx/model.onnx')).toBe(weights.length - 123_456);
  });

  it('starts over when the part belongs to another version of the file', async () => {
    const { hub, options, dest } = await setup();
    await mkdir(join(dir, 'pack', 'onnx'), { recursive: true });
    await writeFile(`${dest}.part`, Buffer.alloc(5000, 1));
    await writeFile(`${dest}.part.json`, JSON.stringify({ etag: 'f'.repeat(64), size: weights.length }));
    const got = await downloadFile(options);
    expect(got.resumedFrom).toBe(0);
    expect(hub.requests.filter((r) => r.server === 'cdn').every((r) => r.range === undefined)).toBe(true);
  });

  it('rejects a corrupted download and keeps neither the file nor the part', async () => {
    const { options, dest } = await setup({ corrupt: 'onnx/model.onnx' });
    const error = await downloadFile(options).catch((e) => e);
    expect(error.code).toBe('download_corrupt');
    expect(error.message).toContain(`expected ${sha256(weights)}`);
    expect(existsSync(dest) || existsSync(`${dest}.part`)).toBe(false);
  });

  it('refuses a body longer than the stated size and keeps nothing', async () => {
    const { hub, options, dest } = await setup({ wrongSize: { path: 'onnx/model.onnx', delta: 10 } });
    const error = await downloadFile(options).catch((e) => e);
    expect(error.code).toBe('download_corrupt');
    expect(error.message).toContain(`size expected ${weights.length} bytes, got ${weights.length + 10} bytes`);
    expect(existsSync(dest) || existsSync(`${dest}.part`) || existsSync(`${dest}.part.json`)).toBe(false);
    expect(hub.bytesServed.get('onnx/model.onnx')).toBe(weights.length + 10);
  });

  it('refuses a file the hub stated no hash for, unless allowed', async () => {
    const { hub, options, dest } = await setup();
    const bare = { ...options.remote, sha256: undefined, gitSha1: undefined, etag: undefined };
    const error = await downloadFile({ ...options, remote: bare }).catch((e) => e);
    expect(error.code).toBe('hub_unverified');
    expect(hub.requests.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'))).toHaveLength(0);
    const got = await downloadFile({ ...options, remote: bare, allowUnverified: true });
    expect(got).toMatchObject({ verified: 'unverified', bytes: weights.length });
    expect(existsSync(dest)).toBe(true);
  });

  it('keeps a final file that already matches without fetching it again', async () => {
    const { hub, options, dest } = await setup();
    await downloadFile(options);
    hub.requests.length = 0;
    const got = await downloadFile(options);
    expect(got.reused).toBe(true);
    expect(hub.requests).toHaveLength(0);
    await writeFile(dest, Buffer.alloc(weights.length));
    const again = await downloadFile(options);
    expect(again.reused).toBe(false);
    expect(again.sha256).toBe(sha256(weights));
  });
});
