import { Routes, type REST } from 'discord.js';
import { MAX_PER_USER_CAP, TASKS, tasksWhere } from '../../pipeline/index.js';

/** Names users see; also the keys the interaction handler dispatches on. */
export const COMMAND = {
  imagine: 'imagine',
  edit: 'edit',
  ask: 'ask',
  annotate: 'annotate',
  editMessage: 'Edit with Scanline',
  /** `/scanline settings`, `/scanline usage`: for members with Manage Server. */
  admin: 'scanline',
} as const;

export const ADMIN_SUBCOMMAND = { settings: 'settings', usage: 'usage' } as const;

/** `/annotate task:` choices; each is a pipeline task. */
export const ANNOTATE_TASKS = tasksWhere('annotate');

/**
 * Documented numbers: command types CHAT_INPUT 1, MESSAGE 3; option types SUB_COMMAND 1, STRING 3, INTEGER 4,
 * BOOLEAN 5, CHANNEL 7, NUMBER 10, ATTACHMENT 11; channel types GUILD_TEXT 0, GUILD_ANNOUNCEMENT 5, GUILD_FORUM 15.
 */
const SUB_COMMAND = 1;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;
const CHANNEL = 7;
const NUMBER = 10;
const ATTACHMENT = 11;
/** MANAGE_GUILD (1 << 5): who sees the admin command by default; the handler checks it again. */
const MANAGE_GUILD = String(1n << 5n);
/** Interaction context GUILD 0: the admin command is not offered in DMs. */
const GUILD_ONLY = [0];

const zh = (text: string) => ({ 'zh-CN': text, 'zh-TW': text });

/** The slash and context-menu commands, as the bulk-overwrite endpoint takes them. */
export function commandDefinitions(): Record<string, unknown>[] {
  return [
    {
      type: 1,
      name: COMMAND.imagine,
      description: 'Draw an image from a description',
      description_localizations: zh('根据描述生成图片'),
      options: [
        { type: STRING, name: 'prompt', description: 'What to draw', required: true, max_length: 1500 },
        {
          type: STRING,
          name: 'aspect',
          description: 'Aspect ratio W:H, from 1:3 to 4:1',
          choices: ['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3', '21:9'].map((v) => ({ name: v, value: v })),
        },
        {
          type: INTEGER,
          name: 'seed',
          description: 'Seed for a repeatable result',
          min_value: 0,
          max_value: 2 ** 32 - 1,
        },
      ],
    },
    {
      type: 1,
      name: COMMAND.edit,
      description: 'Edit an image by instruction',
      description_localizations: zh('按指令编辑图片'),
      options: [
        { type: ATTACHMENT, name: 'image', description: 'The image to edit', required: true },
        { type: STRING, name: 'instruction', description: 'What to change', required: true, max_length: 1500 },
      ],
    },
    {
      type: 1,
      name: COMMAND.ask,
      description: 'Ask a question about an image',
      description_localizations: zh('询问关于图片的问题'),
      options: [
        { type: ATTACHMENT, name: 'image', description: 'The image', required: true },
        { type: STRING, name: 'question', description: 'Your question (default: describe it)', max_length: 1500 },
      ],
    },
    {
      type: 1,
      name: COMMAND.annotate,
      description: 'Read text, detect objects, segment, find edges or estimate depth',
      description_localizations: zh('识别文字、检测物体、分割、边缘或深度'),
      options: [
        { type: ATTACHMENT, name: 'image', description: 'The image', required: true },
        {
          type: STRING,
          name: 'task',
          description: 'What to mark on the image',
          required: true,
          choices: ANNOTATE_TASKS.map((t) => ({ name: t, value: t })),
        },
      ],
    },
    { type: 3, name: COMMAND.editMessage, name_localizations: zh('用 Scanline 编辑') },
    adminCommand(),
  ];
}

/** `/scanline settings [options]` (no option: the view) and `/scanline usage`. */
function adminCommand(): Record<string, unknown> {
  const choices = (values: readonly string[]) => values.map((v) => ({ name: v, value: v }));
  const score = (name: string, description: string) => ({
    type: NUMBER,
    name,
    description,
    min_value: 0,
    max_value: 1,
  });
  return {
    type: 1,
    name: COMMAND.admin,
    description: "This server's Scanline settings and usage (admins)",
    description_localizations: zh('本服务器的 Scanline 设置与用量（管理员）'),
    default_member_permissions: MANAGE_GUILD,
    contexts: GUILD_ONLY,
    options: [
      {
        type: SUB_COMMAND,
        name: ADMIN_SUBCOMMAND.settings,
        description: 'Show the settings; any option given changes it',
        description_localizations: zh('查看设置；填写任一选项即修改'),
        options: [
          { type: STRING, name: 'task', description: 'A task to turn on or off', choices: choices(TASKS) },
          { type: BOOLEAN, name: 'enabled', description: 'Whether that task is on' },
          {
            type: CHANNEL,
            name: 'channel',
            description: 'A channel to add to or remove from where I answer',
            channel_types: [0, 5, 15],
          },
          { type: BOOLEAN, name: 'answer_here', description: 'Whether I answer in that channel' },
          { type: BOOLEAN, name: 'all_channels', description: 'True: answer in every channel again' },
          {
            type: INTEGER,
            name: 'per_user_cap',
            description: "Requests one user may have queued or running (0: the bot's own)",
            min_value: 0,
            max_value: MAX_PER_USER_CAP,
          },
          {
            type: STRING,
            name: 'language',
            description: "Reply language when a user's own is unknown",
            choices: choices(['auto', 'en', 'zh']),
          },
          score('withhold_at', 'Porn/hentai score from which images are withheld (0-1)'),
          score('spoiler_at', 'Sexy score from which images are borderline (0-1)'),
          {
            type: STRING,
            name: 'borderline',
            description: 'Borderline images: spoiler (blurred) or plain',
            choices: choices(['spoiler', 'plain']),
          },
          {
            type: BOOLEAN,
            name: 'adult_without_flag',
            description: 'Allow adult content in DMs (no age-restricted flag)',
          },
        ],
      },
      {
        type: SUB_COMMAND,
        name: ADMIN_SUBCOMMAND.usage,
        description: 'Jobs by task, top users, by day and refusals, last 30 days',
        description_localizations: zh('最近 30 天：按功能、用户、日期的任务数和拒绝原因'),
      },
    ],
  };
}

/** Overwrites the application's commands, globally or in one guild (instant, for testing). */
export async function registerCommands(
  rest: REST,
  opts: { applicationId: string; guildId?: string },
): Promise<{ name: string; id: string }[]> {
  const route = opts.guildId
    ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId)
    : Routes.applicationCommands(opts.applicationId);
  const result = (await rest.put(route, { body: commandDefinitions() })) as { name: string; id: string }[];
  return result.map(({ name, id }) => ({ name, id }));
}

/** The application id of the bot token (GET /applications/@me). */
export async function currentApplicationId(rest: REST): Promise<string> {
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  return app.id;
}
