// Fault suite, issue 11 finding 4: `scanline models pull` must never install a file it did not check
// against a hash the hub states for one pinned commit. The real `models pull` command (HubClient,
// downloader, pull, progress) runs in-process against the fake hub, which speaks the hub's model
// info and tree APIs, the resolve endpoint and a CDN on another origin.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { FakeHub, FakeHubOptions } from '../fakes/fake-hub.js';
import { generatedTinyRepo, pseudoRandom, TINY_REPO } from '../fakes/tiny-janus-repo.js';
import { modelsInProcess, usePullFixture } from '../helpers/pull-fixture.js';
import { fault } from './fault-table.js';

interface Manifest {
  revision?: string;
  version: string;
  unverified?: string[];
  files: Record<string, { path: string; sha256: string; bytes: number }>;
}

const fixture = usePullFixture('scanline-hub-faults-');
const repo = generatedTinyRepo();
const { packDir } = fixture;
const manifestPath = () => join(packDir(), 'manifest.json');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
let env: Record<string, string> = {};

/** The fake hub serving `repo`, whose bytes the checks below compare against. */
async function serve(opts: Partial<FakeHubOptions> = {}): Promise<FakeHub> {
  const served = await fixture.serve({ repos: { [TINY_REPO]: repo }, ...opts });
  env = served.env;
  return served.hub;
}

/** `scanline models ...` in-process with `--json` events parsed; stderr holds the human lines. */
async function models(args: string[]) {
  const run = await modelsInProcess(args, env);
  const events =
    args[0] === 'pull' && args.includes('--json')
      ? run.stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
      : [];
  return { ...run, events };
}

async function readManifest(): Promise<Manifest> {
  return JSON.parse(await readFile(manifestPath(), 'utf8')) as Manifest;
}

/** File downloads (not API calls) that reached the hub or the CDN. */
const downloads = (h: FakeHub) => h.requests.filter((r) => r.method === 'GET' && !r.path.startsWith('/api/'));

function errorOf(run: { events: Record<string, unknown>[] }): { code: string; message: string } {
  const last = run.events.at(-1) as { event: string; error?: { code: string; message: string } };
  expect(last.event).toBe('error');
  return last.error!;
}

describe('F4 hub faults (models pull against the fake hub)', () => {
  fault(
    'F4 hub: LFS redirect to another host that sends no hash headers; the API states the sha256',
    'installs; every file verified against the API (LFS by sha256, small files by git blob id); manifest has the commit id',
    async (observe) => {
      const h = await serve({ hashHeaders: false });
      const run = await models(['pull', 'janus-tiny', '--json']);
      expect(run.code).toBe(0);
      const done = run.events.filter((e) => e.event === 'file-done') as {
        path: string;
        verified: string;
        sha256: string;
      }[];
      const by = (v: string) => done.filter((d) => d.verified === v).length;
      expect(by('unverified')).toBe(0);
      for (const d of done) expect(d.sha256).toBe(sha256(repo[d.path]!));
      expect(
        done.filter((d) => d.path.endsWith('.onnx') || d.path.endsWith('_data')).every((d) => d.verified === 'sha256'),
      ).toBe(true);
      const cdn = h.requests.filter((r) => r.server === 'cdn');
      expect(cdn.length).toBeGreaterThan(0);
      const manifest = await readManifest();
      expect(manifest.revision).toBe(h.head(TINY_REPO));
      expect(manifest.unverified).toBeUndefined();
      observe(
        `exit 0; ${done.length} files: ${by('sha256')} sha256 + ${by('git-sha1')} git-sha1 verified, 0 unverified; ` +
          `${cdn.length} CDN GETs without hash headers; manifest revision ${manifest.revision?.slice(0, 12)}`,
      );
    },
  );

  fault(
    'F4 hub: redirect without hash headers and an API that states no hashes',
    'fails before any download with hub_unverified naming the files and --allow-unverified; no manifest',
    async (observe) => {
      const h = await serve({ hashHeaders: false, api: 'names-only' });
      const run = await models(['pull', 'janus-tiny', '--json']);
      expect(run.code).toBe(4);
      const error = errorOf(run);
      expect(error.code).toBe('hub_unverified');
      expect(error.message).toContain('--allow-unverified');
      expect(error.message).toMatch(/states no hash for 14 file\(s\)/);
      expect(downloads(h)).toHaveLength(0);
      expect(existsSync(manifestPath())).toBe(false);
      observe(`exit 4 ${error.code}: "${error.message.slice(0, 90)}..."; 0 file downloads; no manifest`);
    },
  );

  fault(
    'F4 hub: wrong bytes behind a correct hash (CDN flips one byte)',
    'fails with download_corrupt (sha256 expected/got); the bad file and its part are deleted; no manifest; list does not show the pack',
    async (observe) => {
      await serve({ corrupt: 'onnx/gen_head.onnx' });
      const run = await models(['pull', 'janus-tiny', '--json']);
      expect(run.code).toBe(4);
      const error = errorOf(run);
      expect(error.code).toBe('download_corrupt');
      expect(error.message).toContain(`sha256 expected ${sha256(repo['onnx/gen_head.onnx']!)}`);
      const bad = join(packDir(), 'onnx/gen_head.onnx');
      expect(existsSync(bad) || existsSync(`${bad}.part`) || existsSync(`${bad}.part.json`)).toBe(false);
      expect(existsSync(manifestPath())).toBe(false);
      // The repo ships its own janus-tiny: what matters is that no pack is listed from the pull's folder.
      const listed = JSON.parse((await models(['list', '--json'])).stdout) as { packs: { dir: string }[] };
      expect(listed.packs.some((p) => p.dir === packDir())).toBe(false);
      observe(`exit 4 download_corrupt on gen_head.onnx; no file, no .part, no manifest; models list: not installed`);
    },
  );

  fault(
    'F4 hub: wrong size (the server sends 10 bytes more, or 10 fewer, than the API states)',
    'fails with download_corrupt (size expected/got) as soon as the length is known; nothing kept, no manifest',
    async (observe) => {
      const seen: string[] = [];
      for (const delta of [10, -10]) {
        await rm(fixture.dir(), { recursive: true, force: true });
        const h = await serve({ wrongSize: { path: 'onnx/language_model.onnx', delta } });
        const run = await models(['pull', 'janus-tiny', '--json']);
        expect(run.code).toBe(4);
        const error = errorOf(run);
        expect(error.code).toBe('download_corrupt');
        expect(error.message).toContain(`size expected 3000000 bytes, got ${3_000_000 + delta} bytes`);
        const file = join(packDir(), 'onnx/language_model.onnx');
        expect(existsSync(file) || existsSync(`${file}.part`)).toBe(false);
        expect(existsSync(manifestPath())).toBe(false);
        // A length mismatch is not a network fault: no retries were spent on it.
        expect(run.events.filter((e) => e.event === 'retry')).toHaveLength(0);
        seen.push(
          `${delta > 0 ? '+' : ''}${delta}: download_corrupt "size expected 3000000 bytes, got ${3_000_000 + delta} bytes"`,
        );
        await h.close();
      }
      observe(`${seen.join('; ')}; 0 retries; no file, part or manifest`);
    },
  );

  fault(
    'F4 hub: API without lfs info (blob ids only) for the ONNX weights',
    'fails with hub_unverified naming the weights; with --allow-unverified installs, prints WARNING, manifest lists them as unverified, models verify warns',
    async (observe) => {
      const h = await serve({ api: 'no-lfs' });
      const refused = await models(['pull', 'janus-tiny']);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(
        /The hub states no hash for 7 file\(s\) of "scanline\/janus-tiny" at commit [0-9a-f]{40}/,
      );
      expect(downloads(h)).toHaveLength(0);
      expect(existsSync(manifestPath())).toBe(false);

      const allowed = await models(['pull', 'janus-tiny', '--allow-unverified']);
      expect(allowed.code).toBe(0);
      expect(allowed.stderr).toContain('WARNING: --allow-unverified: 7 file(s) will be installed WITHOUT a hash check');
      expect(allowed.stderr).toContain('WARNING: 7 file(s) were NOT verified against a hub hash');
      expect(allowed.stderr).toMatch(/!! {2}onnx\/gen_head\.onnx .* NOT VERIFIED/);
      // The configs' blob ids still name their content: those stay verified.
      expect(allowed.stderr).toMatch(/ok {2}config\.json .* git-sha1 verified/);
      const manifest = await readManifest();
      expect(manifest.unverified).toHaveLength(7);
      expect(manifest.unverified).toContain('onnx/language_model.onnx_data');
      const verify = await models(['verify', 'janus-tiny']);
      expect(verify.stderr).toContain(
        'was pulled with --allow-unverified; 7 file(s) were never checked against the hub',
      );
      observe(
        `without flag: exit 4 hub_unverified (7 ONNX files), 0 downloads; with --allow-unverified: exit 0, 2 WARNING banners, ` +
          `manifest.unverified = 7 paths, 7 configs git-sha1 verified, models verify warns`,
      );
    },
  );

  fault(
    'F4 hub: HF_ENDPOINT is a plain file mirror with no /api',
    'fails with hub_file_list_missing; with --allow-unverified installs from HEAD answers pinned to X-Repo-Commit, every file marked unverified',
    async (observe) => {
      const h = await serve({ api: 'absent' });
      const refused = await models(['pull', 'janus-tiny', '--json']);
      expect(refused.code).toBe(4);
      const error = errorOf(refused);
      expect(error.code).toBe('hub_file_list_missing');
      expect(downloads(h)).toHaveLength(0);
      const allowed = await models(['pull', 'janus-tiny', '--allow-unverified', '--json']);
      expect(allowed.code).toBe(0);
      const warnings = allowed.events.filter((e) => e.event === 'warning');
      expect(warnings.map((w) => w.code)).toEqual(['no-file-list', 'unverified']);
      const manifest = await readManifest();
      expect(manifest.unverified).toHaveLength(Object.keys(manifest.files).length);
      expect(manifest.revision).toBe(h.head(TINY_REPO));
      const gets = downloads(h).filter((r) => r.server === 'hub');
      expect(gets.every((r) => r.path.includes(`/resolve/${manifest.revision}/`))).toBe(true);
      observe(
        `without flag: exit 4 ${error.code}; with flag: exit 0, warnings ${warnings.map((w) => w.code).join(' + ')}, ` +
          `${manifest.unverified?.length} files marked unverified, downloads pinned to ${manifest.revision?.slice(0, 12)}`,
      );
    },
  );

  fault(
    'F4 hub: main moves to a new commit while the pull runs',
    'every file comes from the commit resolved at the start; the installed bytes match it; manifest records that commit',
    async (observe) => {
      let pushed: string | undefined;
      const changed = pseudoRandom(3_000_000, 1234);
      const h = await serve({
        onRequest: (req) => {
          // Push as soon as the first weight download starts: later files would come from the new commit if unpinned.
          if (!pushed && req.server === 'cdn') {
            pushed = h.push(TINY_REPO, {
              'onnx/language_model.onnx': changed,
              'config.json': '{"moved":true}\n',
              'onnx/gen_head.onnx': null,
            });
          }
        },
      });
      const first = h.head(TINY_REPO);
      const run = await models(['pull', 'janus-tiny', '--json']);
      expect(run.code).toBe(0);
      expect(pushed).toBeDefined();
      expect(h.head(TINY_REPO)).toBe(pushed);
      const resolves = h.requests.filter((r) => r.server === 'hub' && r.path.includes('/resolve/'));
      expect(resolves.length).toBeGreaterThan(0);
      expect(resolves.every((r) => r.path.includes(`/resolve/${first}/`))).toBe(true);
      const manifest = await readManifest();
      expect(manifest.revision).toBe(first);
      expect(manifest.files.language_model?.sha256).toBe(sha256(repo['onnx/language_model.onnx']!));
      expect(await readFile(join(packDir(), 'config.json'), 'utf8')).toBe(repo['config.json']);
      expect(existsSync(join(packDir(), 'onnx/gen_head.onnx'))).toBe(true);
      observe(
        `main moved ${first.slice(0, 8)} -> ${pushed?.slice(0, 8)} after the first CDN GET; all ${resolves.length} resolve ` +
          `requests used ${first.slice(0, 8)}; installed bytes and manifest revision are ${first.slice(0, 8)}'s`,
      );
    },
  );

  fault(
    'F4 hub: hub 5xx on the API and on a file, then a cut connection, then recovery',
    'retries with backoff, resumes with Range from the bytes on disk (refetching only bytes that never reached it), installs verified',
    async (observe) => {
      const h = await serve({
        serverErrors: [
          { target: 'api', count: 2 },
          { target: 'onnx/language_model.onnx', count: 2 },
        ],
        failAfterBytes: 1_000_000,
        failPath: 'onnx/language_model.onnx',
      });
      const run = await models(['pull', 'janus-tiny', '--json']);
      expect(run.code).toBe(0);
      const retries = run.events.filter((e) => e.event === 'retry') as { path: string; reason: string }[];
      expect(retries.filter((r) => r.path.startsWith('file list')).map((r) => r.reason)).toEqual([
        'HTTP 503',
        'HTTP 503',
      ]);
      const lm = retries.filter((r) => r.path === 'onnx/language_model.onnx');
      expect(lm).toHaveLength(3);
      const ranged = h.requests.filter(
        (r) => r.server === 'cdn' && r.path.includes(sha256(repo['onnx/language_model.onnx']!)) && r.range,
      );
      expect(ranged).toHaveLength(1);
      const resumeAt = Number(ranged[0]?.range?.match(/^bytes=(\d+)-$/)?.[1]);
      expect(resumeAt).toBeGreaterThan(0);
      expect(h.bytesServed.get('onnx/language_model.onnx')).toBe(1_000_000 + 3_000_000 - resumeAt);
      const doneLm = run.events.find((e) => e.event === 'file-done' && e.path === 'onnx/language_model.onnx');
      expect(doneLm).toMatchObject({ verified: 'sha256', resumedFrom: 0 });
      expect(run.events.filter((e) => e.event === 'progress').length).toBeGreaterThan(0);
      expect(run.events.at(-1)).toMatchObject({ event: 'done', unverified: [] });
      observe(
        `API 503 x2 then ok; language_model 503 x2, cut at 1000000 B, resumed with Range bytes=${resumeAt}-; ` +
          `${lm.length} retries; bytes served ${h.bytesServed.get('onnx/language_model.onnx')} for a 3000000 B file; sha256 verified`,
      );
    },
  );
});
