import { Routes, type REST } from 'discord.js';
import { tasksWhere } from '../../pipeline/index.js';

/** Names users see; also the keys the interaction handler dispatches on. */
export const COMMAND = {
  imagine: 'imagine',
  edit: 'edit',
  ask: 'ask',
  annotate: 'annotate',
  editMessage: 'Edit with Scanline',
} as const;

/** `/annotate task:` choices; each is a pipeline task. */
export const ANNOTATE_TASKS = tasksWhere('annotate');

/** Documented numbers: command types CHAT_INPUT 1, MESSAGE 3; option types STRING 3, INTEGER 4, ATTACHMENT 11. */
const STRING = 3;
const INTEGER = 4;
const ATTACHMENT = 11;

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
  ];
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
