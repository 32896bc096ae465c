// End to end, issue 18 on Slack: `/scanline settings` and `/scanline usage` for workspace admins (users.info
// is_admin / is_owner), with the real Bolt app (HTTP mode) against the fake Slack and the real pipeline, engine
// and SQLite settings file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/bots/runtime.js';
import { makeSign } from '../fixtures/text-images.js';
import type { FakeFileObject, FakeMessage } from '../fakes/fake-slack.js';
import {
  ALICE,
  BOB,
  CHANNEL,
  DM,
  SIGNING_SECRET,
  TEAM,
  blockText,
  silent,
  startHarness,
  testConfig,
  waitFor,
  type SlackHarness,
} from '../fakes/slack/harness.js';
import { appMention, eventCallback, imMessage, postSigned, slashCommand } from '../fakes/slack/slack-requests.js';

const ADMIN = 'U0ADMIN';
const OWNER = 'U0OWNER';
const ART = 'C0ART';
const OTHER_TEAM = 'T0OTHER';

let runtime: Runtime;
let h: SlackHarness;
let sign: FakeFileObject;

beforeAll(async () => {
  runtime = await startRuntime(testConfig(), silent, { journal: 'memory', settings: true });
  h = await startHarness(runtime, 'http', {
    users: { [ADMIN]: { name: 'admin', locale: 'en-US', is_admin: true }, [OWNER]: { name: 'owner', is_owner: true } },
  });
  sign = h.fake.hostFile('sign.png', (await makeSign(400, 300)).png, 'image/png');
}, 60_000);
afterAll(async () => {
  await h?.close();
  await runtime?.close();
});

let responses = 0;
/** Runs `/scanline <text>` as `user`; resolves with the ephemeral answer's text. */
async function scanline(user: string, text: string): Promise<string> {
  const id = `admin${++responses}`;
  const form = new URLSearchParams(
    slashCommand({
      team: TEAM,
      channel: CHANNEL,
      user,
      text,
      responseUrl: `${h.fake.base}/response/${id}`,
      command: '/scanline',
    }),
  ).toString();
  const res = await postSigned(h.eventsUrl, form, { secret: SIGNING_SECRET, contentType: 'form' });
  expect(res.status).toBe(200);
  const answer = await waitFor(() => h.fake.responses.find((r) => r.id === id), `the answer to /scanline ${text}`);
  const body = answer.body as { response_type?: string; text?: string };
  expect(body.response_type).toBe('ephemeral');
  return body.text ?? '';
}

const replyIn = (channel: string, thread: string): FakeMessage | undefined =>
  h.fake.messages.find((m) => m.channel === channel && m.thread_ts === thread && m.blocks);

/** A mention asking for the sign's edges in `channel` of `team`; resolves with the final reply's text. */
async function askEdges(channel: string, team = TEAM, user = ALICE): Promise<string> {
  const ts = h.fake.nextTs();
  const event = appMention({ channel, user, text: '<@U0BOT> find the edges', ts, files: [sign] });
  await postSigned(h.eventsUrl, JSON.stringify(eventCallback(team, event)), { secret: SIGNING_SECRET });
  return waitFor(() => {
    const text = blockText(replyIn(channel, ts)?.blocks);
    return /Done in|turned off/.test(text) ? text : undefined;
  }, `the reply in ${ts}`);
}

describe('/scanline on Slack', () => {
  it('answers help to anyone, in their language', async () => {
    expect(await scanline(ALICE, '')).toContain('*/scanline settings* shows this workspace');
    expect(await scanline(BOB, 'help')).toContain('显示本工作区的设置');
  });

  it('refuses people who are not workspace admins or owners, and changes nothing', async () => {
    expect(await scanline(ALICE, 'settings task edges off')).toMatch(/^Only the server's admins/);
    expect(await scanline(BOB, 'usage')).toMatch(/^只有服务器管理员/);
    expect(await askEdges(CHANNEL)).toMatch(/Done in/);
  }, 60_000);

  it('an admin turns a task off for the workspace: a request for it gets the clear answer, another workspace still works', async () => {
    const saved = await scanline(ADMIN, 'settings task edges off');
    expect(saved).toMatch(/^Saved\. Now:/);
    expect(saved).toContain('Tasks turned off: edges.');
    expect(await askEdges(CHANNEL)).toContain('An admin of this server turned off Finding edges (edges) here');
    expect(await askEdges(CHANNEL, OTHER_TEAM)).toMatch(/Done in/);
    expect(await scanline(OWNER, 'settings cap 0')).toBe('The cap must be a whole number from 1 to 100; “0” is not.');
  }, 60_000);

  it('answers only in the chosen channels: elsewhere an ephemeral sentence, in DMs as before', async () => {
    expect(await scanline(OWNER, 'settings task edges on')).toContain('Tasks: all on.');
    expect(await scanline(ADMIN, `settings channel <#${ART}|art> on`)).toContain(`I answer only in <#${ART}>`);
    const ts = h.fake.nextTs();
    const event = appMention({ channel: CHANNEL, user: BOB, text: '<@U0BOT> find the edges', ts, files: [sign] });
    await postSigned(h.eventsUrl, JSON.stringify(eventCallback(TEAM, event)), { secret: SIGNING_SECRET });
    const whisper = await waitFor(
      () => h.fake.callsOf('chat.postEphemeral').find((c) => c.args.user === BOB && c.args.thread_ts === ts),
      'the ephemeral answer',
    );
    expect(JSON.stringify(whisper.args)).toContain(`在此服务器上我只在 <#${ART}> 回复`);
    expect(replyIn(CHANNEL, ts)).toBeUndefined();
    expect(await askEdges(ART)).toMatch(/Done in/);
    const dmTs = h.fake.nextTs();
    const dm = imMessage({ channel: DM, user: ALICE, text: 'find the edges', ts: dmTs, files: [sign] });
    await postSigned(h.eventsUrl, JSON.stringify(eventCallback(TEAM, dm)), { secret: SIGNING_SECRET });
    await waitFor(() => /Done in/.test(blockText(replyIn(DM, dmTs)?.blocks)), 'the DM reply');
  }, 60_000);

  it('usage shows the jobs and refusals of this workspace only', async () => {
    const usage = await scanline(ADMIN, 'usage');
    expect(usage).toMatch(/^Usage in the last 30 days \(\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\): 3 jobs, 2 refused\./);
    expect(usage).toContain('edges 3 done, 0 failed, 0 cancelled, 2 refused');
    expect(usage).toContain(`<@${ALICE}> 3 (1 refused)`);
    expect(usage).toContain(`<@${BOB}> 0 (1 refused)`);
    expect(usage).toContain('Refusals by reason: task_disabled 1, channel_closed 1');
    expect(usage).toContain('no images, no prompts');
  });
});
