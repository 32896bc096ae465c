// The Discord adapter (discord.js 14): messages and interactions in, one edited reply per job out.
export {
  startDiscordAdapter,
  DEFAULT_MAX_FILE_BYTES,
  type DiscordAdapter,
  type DiscordAdapterOptions,
} from './discord-adapter.js';
export { commandDefinitions, registerCommands, currentApplicationId, COMMAND, ANNOTATE_TASKS } from './commands.js';
