// The server settings as the shared chat core applies them, over a real SQLite store: channels, tasks
// turned off, the per-user cap, the default language, the admin commands and the usage they record.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingSink } from '../../../test/helpers/recording-sink.js';
import { ChatCore } from '../chat/chat-core.js';
import { Pipeline } from '../pipeline.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { TaskHandler } from '../tasks/task-handler.js';
import type { JobEvent, Requester } from '../types.js';
import { parseSettingWords } from './setting-changes.js';
import { SqliteSettingsStore } from './sqlite-settings-store.js';

const silent = pino({ level: 'silent' });

/** A drawing that waits until released, so caps can be reached. */
function gatedDrawing() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const handler: TaskHandler = {
    needsImage: false,
    run: async () => {
      await gate;
      return { images: [], text: 'drawn', timingsMs: { total: 1 } };
    },
  };
  return { handler, release: () => open() };
}

let dir: string;
let store: SqliteSettingsStore;
let core: ChatCore;
let release: () => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scanline-policy-'));
  store = SqliteSettingsStore.open(join(dir, 'scanline.db'), { log: silent });
  const drawing = gatedDrawing();
  release = drawing.release;
  const pipeline = new Pipeline({
    engine: { run: () => Promise.reject(new Error('no engine in this test')) },
    scheduler: new Scheduler({ concurrency: 1, caps: { perUser: 3, perChannel: 10, global: 50 } }),
    maxPixels: 1e7,
    log: silent,
    handlers: { generate: drawing.handler, edges: drawing.handler },
    settings: store,
  });
  core = new ChatCore({ pipeline, platform: 'discord', log: silent });
});
afterEach(async () => {
  release();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const who = (userId: string, extra: Partial<Requester> = {}): Requester => ({
  platform: 'discord',
  userId,
  channelId: 'c1',
  guildId: 'g1',
  isDM: false,
  ...extra,
});
const admin = who('boss', { isAdmin: true });

/** What the core asked the platform for: new replies (their sinks) and private answers. */
class Talk {
  readonly sinks: RecordingSink[] = [];
  readonly whispers: string[] = [];
  reply() {
    const sink = new RecordingSink();
    this.sinks.push(sink);
    return { sink };
  }
  async whisper(text: string) {
    this.whispers.push(text);
  }
}

async function ask(from: Requester, text: string) {
  const talk = new Talk();
  const handle = await core.ask({ from, text }, talk);
  return { talk, handle };
}

const failure = async (talk: Talk) => (await talk.sinks[0]?.ended) as Extract<JobEvent, { type: 'failed' }>;

describe('server settings in the chat core', () => {
  it('a task an admin turned off gets a clear answer naming it, in that server only; usage counts the refusal', async () => {
    expect(await core.settings(admin, parseSettingWords(['task', 'generate', 'off']))).toMatch(
      /^Saved\. Now:\n[\s\S]*Tasks turned off: generate\./,
    );
    const { talk, handle } = await ask(who('alice'), 'draw a fox');
    expect(await handle?.done).toBe('failed');
    const failed = await failure(talk);
    expect(failed.code).toBe('task_disabled');
    expect(failed.userMessage).toBe(
      'An admin of this server turned off Drawing (generate) here, so I cannot do it. Ask them, or use another server or a DM.',
    );
    const zh = await ask(who('bob', { locale: 'zh' }), '画一只狐狸');
    await zh.handle?.done;
    expect((await failure(zh.talk)).userMessage).toMatch(/^此服务器的管理员已关闭「.+」（generate）功能/);

    const elsewhere = await ask(who('alice', { guildId: 'g2' }), 'draw a fox');
    release();
    expect(await elsewhere.handle?.done).toBe('done');
    // Another task in the same server still runs.
    const edges = await core.ask({ from: who('alice'), text: '', task: 'edges' }, new Talk());
    expect(await edges?.done).toBe('done');

    const usage = await store.usage({ platform: 'discord', serverId: 'g1' });
    expect(usage.refusals).toEqual([{ reason: 'task_disabled', count: 2 }]);
    expect(usage.byTask.find((r) => r.task === 'generate')).toMatchObject({ refused: 2, done: 0 });
    const text = await core.usage(admin);
    expect(text).toContain('task_disabled 2');
    expect(text).toContain('<@alice> 1 (1 refused)');
    expect(text).toContain('edges 1 done');
    expect(text).toMatch(/no images, no prompts/);
  });

  it('outside the chosen channels the asker is told privately where to ask; DMs and those channels still work', async () => {
    await core.settings(admin, parseSettingWords(['channel', '<#c2|art>', 'on']));
    const outside = await ask(who('alice'), 'draw a fox');
    expect(outside.handle).toBeUndefined();
    expect(outside.talk.sinks).toHaveLength(0);
    expect(outside.talk.whispers).toEqual([
      'I only answer in <#c2> on this server (an admin chose these channels). Ask me there, or in a DM.',
    ]);
    const inside = await ask(who('alice', { channelId: 'c2' }), 'draw a fox');
    const dm = await ask(who('alice', { channelId: 'd1', isDM: true, guildId: undefined }), 'draw a fox');
    release();
    expect(await inside.handle?.done).toBe('done');
    expect(await dm.handle?.done).toBe('done');
    expect((await store.usage({ platform: 'discord', serverId: 'g1' })).refusals).toEqual([
      { reason: 'channel_closed', count: 1 },
    ]);
    await core.settings(admin, parseSettingWords(['channels', 'all']));
    expect((await ask(who('alice'), 'draw a fox')).handle).toBeDefined();
  });

  it("the server's cap per user feeds the scheduler's (same busy_user answer); another server keeps the bot's", async () => {
    await core.settings(admin, parseSettingWords(['cap', '1']));
    const first = await ask(who('alice'), 'draw one');
    const second = await ask(who('alice'), 'draw two');
    expect(await second.handle?.done).toBe('failed');
    expect((await failure(second.talk)).code).toBe('busy_user');
    const other = [
      await ask(who('alice', { guildId: 'g2' }), 'draw a'),
      await ask(who('alice', { guildId: 'g2' }), 'draw b'),
    ];
    release();
    expect(await first.handle?.done).toBe('done');
    for (const o of other) expect(await o.handle?.done).toBe('done');
    expect((await store.usage({ platform: 'discord', serverId: 'g1' })).refusals).toEqual([
      { reason: 'busy_user', count: 1 },
    ]);
  });

  it("answers in the server's language when the user's own is unknown, and in theirs when it is known", async () => {
    await core.settings(admin, parseSettingWords(['language', 'zh']));
    release();
    const unknown = await ask(who('alice'), 'draw a fox');
    const known = await ask(who('bob', { locale: 'en' }), 'draw a fox');
    expect(unknown.handle?.plan.locale).toBe('zh');
    expect(known.handle?.plan.locale).toBe('en');
  });
});

describe('the admin commands', () => {
  it('refuse members without the admin right and DMs, and change nothing', async () => {
    expect(await core.settings(who('alice'), { words: ['task', 'teleport', 'off'] })).toMatch(
      /^Only the server's admins/,
    );
    expect(await core.usage(who('alice', { locale: 'zh' }))).toMatch(/^只有服务器管理员/);
    expect(await core.settings(who('boss', { isAdmin: true, guildId: undefined, isDM: true }), [])).toMatch(
      /use this command in the server's channels/,
    );
    expect((await store.get({ platform: 'discord', serverId: 'g1' })).disabledTasks).toEqual([]);
  });

  it.each([
    [['task', 'teleport', 'off'], '“teleport” is not a task. Tasks: generate, edit,'],
    [['task', 'ocr', 'maybe'], '“maybe” is neither on nor off.'],
    [['cap', '0'], 'The cap must be a whole number from 1 to 100; “0” is not.'],
    [['cap', '2.5'], 'The cap must be a whole number from 1 to 100; “2.5” is not.'],
    [['withhold', '1.5'], 'The withhold must be a number from 0 to 1; “1.5” is not.'],
    [['language', 'fr'], '“fr” is not a language I speak: en, zh or auto.'],
    [['channel', '#art', 'on'], '“#art” is not a channel'],
    [['colour', 'blue'], '“colour” is not a setting. Settings: task, channel,'],
  ])('answer %j with a sentence saying what is wrong, and keep the settings', async (words, sentence) => {
    expect(await core.settings(admin, { words })).toContain(sentence);
    expect(await store.get({ platform: 'discord', serverId: 'g1' })).toEqual(
      await store.get({ platform: 'discord', serverId: 'never-set' }),
    );
  });

  it('show the settings, safety policy included, in the admin’s language', async () => {
    const view = await core.settings({ ...admin, locale: 'zh' }, []);
    expect(view).toContain('本服务器的 Scanline 设置');
    expect(view).toContain('0.60');
    const changed = await core.settings(admin, [
      ...parseSettingWords(['withhold', '0.8']),
      ...parseSettingWords(['borderline', 'plain']),
      ...parseSettingWords(['adult', 'on']),
    ]);
    expect(changed).toContain('scoring 0.80+ as porn or hentai are withheld, 0.60+ as sexy are posted plainly');
    expect(changed).toContain('(no age-restricted flag): yes');
    expect((await store.get({ platform: 'discord', serverId: 'g1' })).safety).toEqual({
      withholdAt: 0.8,
      spoilerAt: 0.6,
      spoilerBorderline: false,
      adultWithoutFlag: true,
    });
  });

  it("take Discord's options form: every setting at once, 0 as the bot's own cap, a half-given pair refused", async () => {
    const answer = await core.settings(admin, {
      options: {
        task: 'ocr',
        enabled: false,
        channel: '123456789012345678',
        answer_here: true,
        per_user_cap: 2,
        language: 'zh',
        withhold_at: 0.75,
        spoiler_at: 0.5,
        borderline: 'plain',
        adult_without_flag: true,
      },
    });
    expect(answer).toMatch(/^Saved\. Now:/);
    expect(await store.get({ platform: 'discord', serverId: 'g1' })).toEqual({
      channels: ['123456789012345678'],
      safety: { withholdAt: 0.75, spoilerAt: 0.5, spoilerBorderline: false, adultWithoutFlag: true },
      perUserCap: 2,
      language: 'zh',
      disabledTasks: ['ocr'],
    });
    await core.settings(admin, { options: { per_user_cap: 0, language: 'auto', all_channels: true } });
    const back = await store.get({ platform: 'discord', serverId: 'g1' });
    expect(back.perUserCap).toBeUndefined();
    expect(back.language).toBeUndefined();
    expect(back.channels).toEqual([]);
    expect(await core.settings(admin, { options: { channel: '123' } })).toBe(
      'Also choose answer_here for the channel you named.',
    );
  });
});
