import { request } from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireView } from '../../src/adapters/web/index.js';
import { pseudoRandomBytes } from '../../src/pipeline/image-io/fixtures/synthetic-images.js';
import { characterAccuracy, makeSign, renderTextImage, type TextImage } from '../fixtures/text-images.js';
import { loadConfig } from '../../src/common/config.js';
import { PlaygroundClient } from './playground-client.js';
import { startTestPlayground, type TestPlayground } from './playground-fixture.js';

let t: TestPlayground;
let sign: TextImage;
/** A page of many text lines: long enough to read that a cancel reaches it while queued or running. */
let page: TextImage;

beforeAll(async () => {
  t = await startTestPlayground({ SCANLINE_MAX_DOWNLOAD_MB: '1' });
  sign = await makeSign();
  page = await renderTextImage({
    lines: Array.from({ length: 24 }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog`),
    width: 1600,
    height: 1600,
    weight: 'normal',
  });
});

afterAll(async () => {
  await t?.close();
});

async function session(): Promise<PlaygroundClient> {
  const client = new PlaygroundClient(t.playground.url);
  expect((await client.fetch('/api/info')).status).toBe(200);
  return client;
}

describe('the playground page', () => {
  it('serves the page and its own scripts under a strict CSP, with no outside assets', async () => {
    const client = new PlaygroundClient(t.playground.url);
    const response = await client.fetch('/');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.getSetCookie().join(';')).toMatch(/scanline_session=[\w-]+;.*HttpOnly/);
    const html = await response.text();
    expect(html).toContain('<script src="/app.js" type="module">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const path of ['/app.js', '/style.css', '/favicon.svg']) {
      const asset = await client.fetch(path);
      expect(asset.status, path).toBe(200);
      expect(await asset.text()).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    }
  });

  it('reports the packs in use and the upload limit', async () => {
    const client = new PlaygroundClient(t.playground.url);
    const info = (await (await client.fetch('/api/info')).json()) as {
      packs: { name: string; tasks: string[] }[];
      maxUploadBytes: number;
      maxUploadsAtOnce: number;
      runsOn: string;
    };
    // No SCANLINE_REDIS_URL: the page says requests run on this machine.
    expect(info.runsOn).toBe('here');
    expect(info.maxUploadBytes).toBe(1024 * 1024);
    expect(info.maxUploadsAtOnce).toBe(2);
    expect(info.packs.some((p) => p.tasks.includes('ocr'))).toBe(true);
  });
});

describe('jobs', () => {
  it('reads a sign: the job is announced, its views arrive over SSE, and the result image is served', async () => {
    const client = await session();
    const events = await client.events();
    const id = await client.uploadId(sign.png, 'sign.png');
    const jobId = await client.submit({ text: 'read the text in this image', uploads: [id] });
    const done = await events.end(jobId);
    events.close();

    const job = events.events.find((e) => e.type === 'job' && e.job.jobId === jobId);
    expect(job?.type === 'job' && job.job.inputs[0]?.id).toBe(id);
    const states = events.views(jobId).map((v) => v.state);
    expect(states[0]).toBe('queued');
    expect(states).toContain('running');
    expect(done.state).toBe('done');
    expect(done.task).toBe('ocr');
    expect(characterAccuracy(sign.truth, done.text ?? '')).toBeGreaterThanOrEqual(0.95);
    expect(done.actions.map((a) => a.id)).toEqual(['delete']);

    const result = done.images[0];
    expect(result?.url).toMatch(/^\/files\//);
    const file = await client.fetch(result?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).width).toBe(800);
    // Another browser session cannot read this session's images.
    const stranger = await session();
    expect((await stranger.fetch(result?.url ?? '')).status).toBe(404);
  });

  it('replies to an earlier image: it becomes the input of the next request', async () => {
    const client = await session();
    const events = await client.events();
    const first = await client.submit({ text: 'read the text', uploads: [await client.uploadId(sign.png, 'a.png')] });
    const firstDone = await events.end(first);
    const image = firstDone.images[0];
    expect(image?.id).toBeDefined();
    const second = await client.submit({ text: 'read the text', replyTo: { imageId: image?.id ?? '', jobId: first } });
    const secondDone = await events.end(second);
    events.close();
    const job = events.events.find((e) => e.type === 'job' && e.job.jobId === second);
    expect(job?.type === 'job' && job.job.replyTo?.id).toBe(image?.id);
    expect(secondDone.state).toBe('done');
    expect(characterAccuracy(sign.truth, secondDone.text ?? '')).toBeGreaterThanOrEqual(0.9);
  });

  it('answers a damaged image with the sentence, in the language the page speaks', async () => {
    const client = await session();
    const events = await client.events();
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(pseudoRandomBytes(4000))]);
    const en = await client.submit({ text: 'read the text', uploads: [await client.uploadId(broken, 'photo.jpg')] });
    const zh = await client.submit({
      text: 'read the text',
      uploads: [await client.uploadId(broken, 'photo.jpg')],
      locale: 'zh-CN',
    });
    const [enView, zhView] = [await events.end(en), await events.end(zh)];
    events.close();
    expect(enView.state).toBe('failed');
    expect(enView.status).toMatch(/"photo\.jpg" is damaged or cut off/);
    expect(zhView.state).toBe('failed');
    expect(zhView.status).toContain('图片「photo.jpg」已损坏');
  });

  it('cancels a queued and a running job; other sessions cannot', async () => {
    const client = await session();
    const events = await client.events();
    const a = await client.submit({ text: 'read the text', uploads: [await client.uploadId(page.png, 'page.png')] });
    const b = await client.submit({ text: 'read the text', uploads: [await client.uploadId(page.png, 'page.png')] });

    const stranger = await session();
    const refused = await stranger.postJson(`/api/jobs/${b}/actions/cancel`, {});
    expect(refused.status).toBe(410);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/no longer available/);

    for (const jobId of [b, a]) {
      const response = await client.postJson(`/api/jobs/${jobId}/actions/cancel`, {});
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ outcome: 'cancelled' });
    }
    const [aView, bView] = [await events.end(a), await events.end(b)];
    events.close();
    expect(aView.state).toBe('cancelled');
    expect(bView.state).toBe('cancelled');
    expect(bView.status).toBe('Cancelled.');
    expect(bView.actions).toEqual([]);
    // Cancelling again: the job is over.
    const again = await client.postJson(`/api/jobs/${a}/actions/cancel`, {});
    expect(again.status).toBe(409);
  });

  it('Reroll and Upscale on a drawn image make new turns through the same pipeline', async () => {
    const client = await session();
    const events = await client.events();
    const drawn = await events.end(await client.submit({ text: 'a lighthouse at dusk --seed 7' }));
    expect(drawn.state).toBe('done');
    expect(drawn.actions.map((a) => a.id)).toEqual(['reroll', 'edit', 'upscale', 'delete']);
    const image = drawn.images[0];

    const reroll = await client.postJson(`/api/jobs/${drawn.jobId}/actions/reroll`, {});
    expect(reroll.status).toBe(202);
    const rerolled = (await reroll.json()) as { outcome: string; jobId: string };
    expect(rerolled.outcome).toBe('submitted');
    expect((await events.end(rerolled.jobId)).state).toBe('done');

    const edit = await client.postJson(`/api/jobs/${drawn.jobId}/actions/edit`, {});
    expect(await edit.json()).toEqual({ outcome: 'ask_instruction', replyTo: { image, jobId: drawn.jobId } });

    const upscale = (await (await client.postJson(`/api/jobs/${drawn.jobId}/actions/upscale`, {})).json()) as {
      jobId: string;
    };
    const bigger = await events.end(upscale.jobId);
    events.close();
    const job = events.events.find((e) => e.type === 'job' && e.job.jobId === upscale.jobId);
    expect(job?.type === 'job' && job.job).toMatchObject({ via: 'upscale', replyTo: { id: image?.id } });
    expect(bigger.state).toBe('done');
    expect(bigger.images[0]?.width).toBe((image?.width ?? 0) * 2);
  });

  it('applies the per-user cap to a browser session, with the sentence that says when to retry', async () => {
    const client = await session();
    const events = await client.events();
    const upload = () => client.uploadId(page.png, 'page.png');
    const waiting = [];
    for (let i = 0; i < 3; i++) waiting.push(await client.submit({ text: 'read the text', uploads: [await upload()] }));
    const over = await client.submit({ text: 'read the text', uploads: [await upload()] });
    const refused = await events.end(over);
    for (const jobId of waiting) await client.postJson(`/api/jobs/${jobId}/actions/cancel`, {});
    for (const jobId of waiting) expect((await events.end(jobId)).state).toBe('cancelled');
    events.close();
    expect(refused.state).toBe('failed');
    expect(refused.status).toMatch(/^You already have 3 requests waiting/);
  });

  it('deletes a finished turn and its images', async () => {
    const client = await session();
    const events = await client.events();
    const jobId = await client.submit({ text: 'read the text', uploads: [await client.uploadId(sign.png, 's.png')] });
    const done = await events.end(jobId);
    const response = await client.postJson(`/api/jobs/${jobId}/actions/delete`, {});
    expect(await response.json()).toEqual({ outcome: 'deleted' });
    await events.waitFor((e) => e.type === 'deleted' && e.jobId === jobId);
    events.close();
    expect((await client.fetch(done.images[0]?.url ?? '')).status).toBe(404);
  });

  it('replays the session to a tab that connects later', async () => {
    const client = await session();
    const live = await client.events();
    const jobId = await client.submit({ text: 'read the text', uploads: [await client.uploadId(sign.png, 's.png')] });
    await live.end(jobId);
    live.close();
    const late = await client.events();
    const view = (await late.end(jobId)) as WireView;
    late.close();
    expect(view.state).toBe('done');
    expect(late.events[0]).toMatchObject({ type: 'job', job: { jobId } });
  });
});

describe('limits and refusals', () => {
  it('refuses an upload over the size limit with the sentence, before keeping it', async () => {
    const client = await session();
    const big = new Uint8Array(1024 * 1024 + 10);
    const response = await client.upload(big, 'huge photo.png');
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('file_too_large');
    expect(body.error.message).toBe('The file "huge photo.png" is larger than 1 MB. Please send a smaller file.');
    const zh = await client.upload(big, 'huge.png', '?lang=zh');
    expect(((await zh.json()) as { error: { message: string } }).error.message).toContain('超过 1 MB');
  });

  it('refuses an empty upload, a message that is too long, and an image of another session', async () => {
    const client = await session();
    const empty = await client.upload(new Uint8Array(0), 'empty.png');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: string } }).error.code).toBe('image_empty');
    const long = await client.postJson('/api/jobs', { text: 'x'.repeat(4001), uploads: [] });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/limit is 4000/);
    const other = await session();
    const id = await other.uploadId(sign.png, 'theirs.png');
    const taken = await client.postJson('/api/jobs', { text: 'read the text', uploads: [id] });
    expect(taken.status).toBe(410);
  });

  it("keeps each session to its own share: its uploads push out only its own oldest images, others' stay", async () => {
    const mb = 1024 * 1024;
    const small = await t.another({}, { storeBytes: 3 * mb, sessionBytes: 2 * mb });
    const open = async () => {
      const client = new PlaygroundClient(small.url);
      await client.fetch('/api/info');
      return client;
    };
    const [alice, bob, carol] = [await open(), await open(), await open()];
    const bobs = await bob.uploadId(sign.png, 'bob.png');
    const alices: string[] = [];
    for (let i = 0; i < 5; i++) alices.push(await alice.uploadId(new Uint8Array(mb).fill(i), `a${i}.png`));
    const readable = async (client: PlaygroundClient, id: string) => (await client.fetch(`/files/${id}`)).status;
    expect(await Promise.all(alices.map((id) => readable(alice, id)))).toEqual([404, 404, 404, 200, 200]);
    expect(await readable(bob, bobs)).toBe(200);

    // Alice's 2 MB and Bob's sign fill the 3 MB store, both in use: Carol is told, nobody loses an image.
    const full = await carol.upload(new Uint8Array(mb), 'big.png');
    expect(full.status).toBe(507);
    expect(full.headers.get('retry-after')).toBe('60');
    const body = (await full.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('store_full');
    expect(body.error.message).toBe(
      'The playground\'s image memory (3 MB) is full of images other people are still using, so "big.png" was not kept. Please try again in a few minutes.',
    );
    const zh = (await (await carol.upload(new Uint8Array(mb), 'big.png', '?lang=zh')).json()) as {
      error: { message: string };
    };
    expect(zh.error.message).toContain('已被其他人正在使用的图片占满');
    expect(await readable(bob, bobs)).toBe(200);
    // A smaller image still fits: Carol can go on.
    expect((await carol.upload(sign.png, 'sign.png')).status).toBe(201);
  });

  it('reads only a few uploads at once: past them the answer is 429 with Retry-After and the sentence', async () => {
    const narrow = await t.another({}, { uploadsAtOnce: 2, uploadsPerSession: 1 });
    const open = async () => {
      const client = new PlaygroundClient(narrow.url);
      await client.fetch('/api/info');
      return client;
    };
    const [alice, bob, carol] = [await open(), await open(), await open()];
    // 100 Continue means the server has taken the upload and holds a slot while its body is awaited.
    const held = alice.rawUpload({ name: 'slow.png', length: sign.png.byteLength, expectContinue: true });
    await held.continued;
    const second = await alice.upload(sign.png, 'second.png');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    const refusal = (await second.json()) as { error: { code: string; message: string } };
    expect(refusal.error).toEqual({
      code: 'uploads_busy',
      message:
        'Too many images are arriving at once, so "second.png" was not uploaded. Please attach it again in a few seconds.',
    });
    const zh = (await (await alice.upload(sign.png, 'second.png', '?lang=zh')).json()) as {
      error: { message: string };
    };
    expect(zh.error.message).toBe('同时上传的图片太多，「second.png」未能上传。请过几秒再重新添加。');

    // Another session has a slot of its own until every slot of the process is taken.
    const bobs = bob.rawUpload({ name: 'bob.png', length: sign.png.byteLength, expectContinue: true });
    await bobs.continued;
    expect((await carol.upload(sign.png, 'c.png')).status).toBe(429);
    await held.end(sign.png);
    await bobs.end(sign.png);
    expect((await held.response).status).toBe(201);
    expect((await bobs.response).status).toBe(201);
    expect((await carol.upload(sign.png, 'c.png')).status).toBe(201);
    expect((await alice.upload(sign.png, 'second.png')).status).toBe(201);
  });

  it('drops an upload that stops sending, and its slot serves the next one', async () => {
    const patient = await t.another({}, { uploadsAtOnce: 1, uploadIdleMs: 200 });
    const client = new PlaygroundClient(patient.url);
    await client.fetch('/api/info');
    const stuck = client.rawUpload({ name: 'stuck.png', length: sign.png.byteLength, expectContinue: true });
    await stuck.continued;
    await stuck.write(sign.png.subarray(0, 100));
    const answer = await stuck.response;
    stuck.destroy();
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: 'upload_stalled',
        message: 'Nothing of "stuck.png" arrived for 0.2 seconds, so its upload was dropped. Please attach it again.',
      },
    });
    expect((await client.upload(sign.png, 'sign.png')).status).toBe(201);
  });

  it('refuses a body that streams past the size limit while it is still arriving', async () => {
    const client = await session();
    const upload = client.rawUpload({ name: 'endless.png' });
    const chunk = new Uint8Array(64 * 1024);
    while (!upload.answered && upload.sent < 8 * 1024 * 1024) await upload.write(chunk);
    const answer = await upload.response;
    expect(answer.status).toBe(413);
    expect(upload.answered).toBe(true);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'file_too_large' } });
    await upload.end();
  });

  it('answers only to loopback host names and refuses cross-site posts', async () => {
    const client = await session();
    const { hostname, port } = new URL(t.playground.url);
    // fetch() will not send a Host header of our choosing; a DNS-rebinding page would.
    const rebound = await new Promise<number>((resolve, reject) => {
      request({ hostname, port, path: '/', headers: { Host: `attacker.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(rebound).toBe(403);
    const crossSite = await client.fetch('/api/jobs', {
      method: 'POST',
      headers: { Origin: 'http://attacker.example', 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'read the text' }),
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await client.postJson('/api/jobs', { text: '' });
    expect(sameSite.status).toBe(400);
  });

  it('requires the token when one is configured: bearer header, or ?token= once for an HttpOnly cookie', async () => {
    const token = 'a-long-test-token-0123456789';
    const guarded = await t.another({ SCANLINE_PLAYGROUND_TOKEN: token });
    const anonymous = new PlaygroundClient(guarded.url);
    const denied = await anonymous.fetch('/api/info');
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: { message: string } }).error.message).toMatch(/access token/);
    expect((await anonymous.fetch('/?token=wrong-token-wrong-token')).status).toBe(401);

    const bearer = new PlaygroundClient(guarded.url, { Authorization: `Bearer ${token}` });
    expect((await bearer.fetch('/api/info')).status).toBe(200);

    const browser = new PlaygroundClient(guarded.url);
    const opened = await browser.fetch(`/?token=${token}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = opened.headers.getSetCookie().find((c) => c.startsWith('scanline_auth='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain(token);
    expect((await browser.fetch('/')).status).toBe(200);
    expect((await browser.fetch('/api/info')).status).toBe(200);
  });
});

describe('playground settings', () => {
  it('bound memory per session and in all, following the upload limit unless set', () => {
    const mb = 1024 * 1024;
    expect(loadConfig({}).playgroundLimits).toEqual({
      memoryBytes: 256 * mb,
      sessionBytes: 100 * mb,
      uploadsAtOnce: 4,
      uploadsPerSession: 2,
    });
    expect(loadConfig({ SCANLINE_MAX_DOWNLOAD_MB: '200' }).playgroundLimits).toMatchObject({
      memoryBytes: 800 * mb,
      sessionBytes: 200 * mb,
    });
    expect(() => loadConfig({ SCANLINE_PLAYGROUND_SESSION_MB: '10' })).toThrow(
      /SCANLINE_PLAYGROUND_SESSION_MB is 10, under SCANLINE_MAX_DOWNLOAD_MB \(25\)/,
    );
    expect(() => loadConfig({ SCANLINE_PLAYGROUND_MEMORY_MB: '50' })).toThrow(/SCANLINE_PLAYGROUND_MEMORY_MB is 50/);
  });
});
