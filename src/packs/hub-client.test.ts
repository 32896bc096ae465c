import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { isScanlineError } from '../common/errors.js';
import { startFakeHub, type FakeHub, type FakeHubOptions } from '../../test/fakes/fake-hub.js';
import { hasHash, HubClient, normalizeEtag } from './hub-client.js';

const weights = new Uint8Array(50_000).map((_, i) => (i * 31) & 0xff);
const config = '{"model_type":"tiny"}\n';
const sha256 = (d: Uint8Array | string) => createHash('sha256').update(d).digest('hex');

let hub: FakeHub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

async function start(opts: Partial<FakeHubOptions> = {}) {
  hub = await startFakeHub({
    repos: { 'acme/tiny': { 'config.json': config, 'onnx/model.onnx': weights } },
    redirectToCdn: true,
    ...opts,
  });
  return hub;
}

async function readAll(stream: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (stream) for await (const c of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
  return Buffer.concat(chunks);
}

describe('HubClient', () => {
  it('reads size and sha256 of an LFS file from the redirect, without following it', async () => {
    const h = await start();
    const file = await new HubClient({ endpoint: h.url }).head('acme/tiny', 'main', 'onnx/model.onnx');
    expect(file).toMatchObject({ size: 50_000, sha256: sha256(weights), path: 'onnx/model.onnx' });
    expect(file?.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(file?.url).toBe(`${h.url}/acme/tiny/resolve/main/onnx/model.onnx`);
    expect(h.requests.filter((r) => r.server === 'cdn')).toHaveLength(0);
  });

  it('identifies a small file by its git blob id', async () => {
    const h = await start();
    const file = await new HubClient({ endpoint: h.url }).head('acme/tiny', 'main', 'config.json');
    const gitSha1 = createHash('sha1').update(`blob ${config.length}\0`).update(config).digest('hex');
    expect(file).toMatchObject({ size: config.length, gitSha1, sha256: undefined });
  });

  it('sends the token to the hub but not to the CDN, and resumes with Range', async () => {
    const h = await start({ requireToken: 'hf_test' });
    const client = new HubClient({ endpoint: `${h.url}/`, token: 'hf_test' });
    const file = await client.head('acme/tiny', 'main', 'onnx/model.onnx');
    const res = await client.openRange(file!, 1000);
    expect(res.status).toBe(206);
    expect((await readAll(res.body)).equals(Buffer.from(weights.subarray(1000)))).toBe(true);
    const hubGets = h.requests.filter((r) => r.server === 'hub');
    const cdnGets = h.requests.filter((r) => r.server === 'cdn');
    expect(hubGets.every((r) => r.authorization === 'Bearer hf_test')).toBe(true);
    expect(cdnGets).toHaveLength(1);
    expect(cdnGets[0]).toMatchObject({ authorization: undefined, range: 'bytes=1000-' });
  });

  it('answers 416 when the part is already as long as the file', async () => {
    const h = await start();
    const client = new HubClient({ endpoint: h.url });
    const file = await client.head('acme/tiny', 'main', 'onnx/model.onnx');
    expect((await client.openRange(file!, 50_000)).status).toBe(416);
  });

  it('treats a missing optional file as absent and a missing required one as an outdated catalog', async () => {
    const h = await start();
    const client = new HubClient({ endpoint: h.url });
    expect(await client.head('acme/tiny', 'main', 'onnx/model.onnx_data', { optional: true })).toBeUndefined();
    const error = await client.head('acme/tiny', 'main', 'tokenizer.json').catch((e) => e);
    expect(isScanlineError(error) && error.code).toBe('hub_not_found');
    expect(error.message).toContain(`${h.url}/acme/tiny/tree/main`);
  });

  it('tells a user without HF_TOKEN to set one, and one with a refused token to check it', async () => {
    const h = await start({ requireToken: 'hf_right' });
    const without = await new HubClient({ endpoint: h.url }).head('acme/tiny', 'main', 'config.json').catch((e) => e);
    expect(without.code).toBe('hub_auth_missing');
    expect(without.message).toContain('set HF_TOKEN');
    const wrong = await new HubClient({ endpoint: h.url, token: 'hf_wrong' })
      .head('acme/tiny', 'main', 'config.json')
      .catch((e) => e);
    expect(wrong.code).toBe('hub_auth_denied');
    expect(wrong.message).not.toContain('hf_wrong');
  });

  it('pins a branch to its commit and reads sha256 and blob ids from the model info API', async () => {
    const h = await start();
    const client = new HubClient({ endpoint: h.url });
    const snap = await client.snapshot('acme/tiny', 'main');
    expect(snap.commit).toBe(h.head('acme/tiny'));
    expect(snap.files.get('onnx/model.onnx')).toEqual({
      path: 'onnx/model.onnx',
      size: 50_000,
      sha256: sha256(weights),
      blobId: expect.stringMatching(/^[0-9a-f]{40}$/),
      lfs: true,
    });
    const gitSha1 = createHash('sha1').update(`blob ${config.length}\0`).update(config).digest('hex');
    expect(snap.files.get('config.json')).toEqual({
      path: 'config.json',
      size: config.length,
      blobId: gitSha1,
      lfs: false,
    });
    // Complete siblings need no tree listing.
    expect(h.requests.map((r) => `${r.path}?${r.query}`)).toEqual([`/api/models/acme/tiny/revision/main?blobs=true`]);
    const remote = client.remoteFile(snap, 'onnx/model.onnx');
    expect(remote).toMatchObject({ sha256: sha256(weights), size: 50_000, commit: snap.commit, gitSha1: undefined });
    expect(remote.url).toBe(`${h.url}/acme/tiny/resolve/${snap.commit}/onnx/model.onnx`);
    expect(client.remoteFile(snap, 'config.json')).toMatchObject({ gitSha1, etag: gitSha1 });
  });

  it('lists the tree at a commit across pages, with lfs.oid as the sha256', async () => {
    const h = await start({ treePageSize: 1 });
    const client = new HubClient({ endpoint: h.url });
    const files = await client.listTree('acme/tiny', h.head('acme/tiny'));
    expect(files.map((f) => f.path).sort()).toEqual(['config.json', 'onnx/model.onnx']);
    expect(files.find((f) => f.lfs)?.sha256).toBe(sha256(weights));
    // One page per entry: the directory and the two files.
    expect(h.requests.filter((r) => r.path.includes('/tree/'))).toHaveLength(3);
  });

  it('takes the hashes from the tree at the commit when the siblings carry none', async () => {
    const h = await start({ api: 'tree-only' });
    const snap = await new HubClient({ endpoint: h.url }).snapshot('acme/tiny', 'main');
    expect(snap.files.get('onnx/model.onnx')).toMatchObject({ sha256: sha256(weights), size: 50_000, lfs: true });
    expect(h.requests.map((r) => r.path)).toEqual([
      '/api/models/acme/tiny/revision/main',
      `/api/models/acme/tiny/tree/${snap.commit}`,
    ]);
  });

  it('knows the files but no hashes when a mirror ignores blobs=true and has no tree API', async () => {
    const h = await start({ api: 'names-only' });
    const snap = await new HubClient({ endpoint: h.url }).snapshot('acme/tiny', 'main');
    expect([...snap.files.keys()].sort()).toEqual(['config.json', 'onnx/model.onnx']);
    expect([...snap.files.values()].some(hasHash)).toBe(false);
  });

  it('says the file list is missing when the endpoint has no API', async () => {
    const h = await start({ api: 'absent' });
    const error = await new HubClient({ endpoint: h.url }).snapshot('acme/tiny', 'main').catch((e) => e);
    expect(error.code).toBe('hub_file_list_missing');
    expect(error.message).toContain('HTTP 404');
    expect(error.message).toContain('--allow-unverified');
  });

  it('normalises weak and quoted ETags', () => {
    expect(normalizeEtag('W/"ABC123"')).toBe('abc123');
    expect(normalizeEtag('"abc"')).toBe('abc');
    expect(normalizeEtag(null)).toBeUndefined();
  });
});
