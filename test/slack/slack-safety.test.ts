// End to end with the real classifier: the real Bolt app (HTTP mode) against FakeSlack, the real
// engine, pipeline and settings store. Slack has no age-restricted channels and no spoilers: by
// default flagged and borderline results are withheld everywhere (the reply says why); a workspace
// whose admins allow adult content without a flag gets them posted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import type { Requester } from '../../src/pipeline/index.js';
import { DEFAULT_SAFETY, defaultServerSettings } from '../../src/pipeline/settings/server-settings.js';
import type { FakeFileObject } from '../fakes/fake-slack.js';
import {
  ALICE,
  CHANNEL,
  SIGNING_SECRET,
  TEAM,
  blockText,
  silent,
  startHarness,
  testConfig,
  waitFor,
  type SlackHarness,
} from '../fakes/slack/harness.js';
import { appMention, eventCallback, postSigned } from '../fakes/slack/slack-requests.js';
import { negativePng, safetyFixture } from '../fixtures/safety/labelled-set.js';

let runtime: Runtime;
let h: SlackHarness;
const admin: Requester = { platform: 'slack', userId: ALICE, channelId: CHANNEL, guildId: TEAM, isDM: false };
let files: { flaggedNegative: Buffer; borderlineNegative: Buffer; flagged: Buffer };

beforeAll(async () => {
  runtime = await startRuntime(testConfig(), silent, { journal: 'memory', settings: true });
  h = await startHarness(runtime, 'http');
  files = {
    flaggedNegative: await negativePng(safetyFixture('flagged.png')),
    borderlineNegative: await negativePng(safetyFixture('borderline.png')),
    flagged: safetyFixture('flagged.png'),
  };
}, 60_000);
afterAll(async () => {
  await h?.close();
  await runtime?.close();
});

const postEvent = (event: Record<string, unknown>) =>
  postSigned(h.eventsUrl, JSON.stringify(eventCallback(TEAM, event)), { secret: SIGNING_SECRET });

/** Asks in the channel with one image and returns the final reply's text and the uploads made meanwhile. */
async function ask(text: string, bytes: Buffer) {
  const file: FakeFileObject = h.fake.hostFile('picture.png', bytes, 'image/png');
  const before = h.fake.callsOf('files.getUploadURLExternal').length;
  const ts = h.fake.nextTs();
  const channel = CHANNEL;
  const event = appMention({ channel, user: ALICE, text: `<@U0BOT> ${text}`, ts, files: [file] });
  expect((await postEvent(event)).status).toBe(200);
  const reply = await waitFor(
    () => {
      const m = h.fake.messages.find((m) => m.channel === channel && m.thread_ts === ts && m.blocks);
      return m && !/Queued|Working|%/.test(blockText(m.blocks).split('\n')[0] ?? '') ? m : undefined;
    },
    `final reply in ${ts}`,
    60_000,
  );
  const uploads = h.fake.callsOf('files.getUploadURLExternal').length - before;
  const shared = h.fake.messages.filter((m) => m.thread_ts === ts && m.files);
  return { text: blockText(reply.blocks), uploads, shared };
}

describe('Slack safety policy', () => {
  it('never uploads a flagged result or its previews to a channel, and says why', async () => {
    const { text, uploads, shared } = await ask('invert the colours', files.flaggedNegative);
    expect(uploads).toBe(0);
    expect(shared).toEqual([]);
    expect(text).toMatch(/did not post it: my safety check rates it as adult content \(porn 0\.[89]\d\)/);
    expect(text).toMatch(/an admin can change this in the safety settings/);
    await expect
      .poll(async () => (await runtime.pipeline.serverUsage(admin)).refusals)
      .toContainEqual({ reason: 'safety_withheld', count: 1 });
  }, 90_000);

  it('withholds a borderline result too: Slack cannot blur an image', async () => {
    const { text, uploads } = await ask('invert the colours', files.borderlineNegative);
    expect(uploads).toBe(0);
    expect(text).toMatch(/borderline \(sexy 0\.\d\d\), and I can't blur images here/);
  }, 90_000);

  it('refuses a flagged upload with a clear reply', async () => {
    const { text, uploads } = await ask('make it grayscale', files.flagged);
    expect(uploads).toBe(0);
    expect(text).toMatch(/can't use the image "picture\.png" here/);
  }, 90_000);

  it("posts it once the workspace's admins allow adult content without a flag", async () => {
    const settings = { ...defaultServerSettings(), safety: { ...DEFAULT_SAFETY, adultWithoutFlag: true } };
    await runtime.pipeline.saveServerSettings(admin, settings);
    const { text, shared } = await ask('invert the colours', files.flaggedNegative);
    expect(text).toMatch(/Done in/);
    expect(shared).toHaveLength(1);
  }, 90_000);
});
