// Every `scanline` command as data: help, usage and argument parsing are made from this table.
// Only light modules here: each command's own modules load in `load()`, when it runs.
import { EXIT_CODES } from '../common/errors.js';
import { TASKS } from '../pipeline/types.js';
import type { CommandHandler, CommandSpec, Program } from './command-line.js';

const loadModels = async (): Promise<CommandHandler> => (await import('./commands/models-command.js')).modelsCommand;

const json = (help: string) => ({ type: 'boolean', help }) as const;

const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'start',
    summary: 'start the configured bots (npm start)',
    details: [
      'Connects to Discord and Slack and serves the playground, as the environment and .env say;',
      'on SIGINT or SIGTERM it finishes the replies under way and stops.',
    ],
    options: {},
    examples: ['scanline start'],
    logs: 'configured',
    load: async () => (await import('./commands/start-command.js')).startCommand,
  },
  {
    name: 'worker',
    summary: 'run the models for the bots, taking jobs from Redis (scale-out)',
    details: [
      'Needs SCANLINE_REDIS_URL, the same Redis as the bots. Runs one engine (SCANLINE_DEVICE,',
      'SCANLINE_THREADS) and SCANLINE_CONCURRENCY jobs at a time (SCANLINE_BATCH_MAX when its model',
      'batches); start one per GPU, on any machine',
      'that reaches Redis. On SIGINT or SIGTERM it takes no new job and finishes the running ones;',
      'a worker killed mid-job has its job retried once on another worker.',
    ],
    options: {},
    examples: ['SCANLINE_REDIS_URL=redis://10.0.0.5:6379 scanline worker'],
    logs: 'configured',
    load: async () => (await import('./commands/worker-command.js')).workerCommand,
  },
  {
    name: 'run',
    summary: 'run one request from the shell',
    positional: { label: '"<instruction>"', required: false, many: true },
    details: ['It goes through the same router, scheduler and engine as the bots.'],
    options: {
      image: { type: 'string', short: 'i', multiple: true, value: 'FILE', help: 'an input image (repeat for several)' },
      task: { type: 'string', short: 't', value: 'TASK', choices: TASKS, help: 'force the task' },
      out: {
        type: 'string',
        short: 'o',
        value: 'DIR',
        default: './out',
        help: 'where images and preview frames are written',
      },
      json: json('print one JSON object {task, plan, outputs, frames, text, annotations, timings_ms}'),
      'dry-run': {
        type: 'boolean',
        help: 'print the plan (task, prompt, edit steps, params, hints) and run nothing;\nwith --json: {task, plan, dry_run: true, timings_ms}',
      },
      seed: { type: 'string', value: 'N', help: 'the same as writing --seed N in the instruction' },
      ar: { type: 'string', value: 'W:H', help: 'the same as writing --ar W:H in the instruction' },
    },
    examples: [
      'scanline run "read the text in this image" --image sign.png',
      'scanline run "make it black and white --ar 16:9" -i photo.jpg --dry-run',
      'scanline run "a red fox in snow" --seed 3 --json',
    ],
    logs: 'warnings',
    load: async () => (await import('./commands/run-command.js')).runCommand,
  },
  {
    name: 'models list',
    summary: 'installed packs, which task each serves, packs to pull',
    options: { json: json('print {packs, skipped, catalog, pullDir}') },
    examples: ['scanline models list'],
    logs: 'warnings',
    load: loadModels,
  },
  {
    name: 'models verify',
    summary: 'check pack files against their sha256',
    positional: { label: 'NAME', required: false },
    options: {},
    examples: ['scanline models verify', 'scanline models verify janus-pro-1b'],
    logs: 'warnings',
    load: loadModels,
  },
  {
    name: 'models pull',
    summary: 'download a pack from the Hugging Face hub',
    positional: { label: 'NAME', required: true },
    details: [
      'Into SCANLINE_MODELS_DIR (from HF_ENDPOINT, with HF_TOKEN), pinned to one commit; an interrupted',
      "pull resumes; every file is checked against the hash the hub's API states.",
    ],
    options: {
      dtype: { type: 'string', value: 'D', help: "the weights' precision (the pack's default when not given)" },
      'dry-run': { type: 'boolean', help: 'show the files and their sizes, download nothing' },
      retries: {
        type: 'integer',
        default: 5,
        min: 0,
        max: 100,
        help: 'attempts again after a failed download, waiting 1 s doubling to 30 s',
      },
      json: json('one JSON event a line on stdout'),
      'allow-unverified': {
        type: 'boolean',
        help: 'install files the hub states no hash for, with a warning, marked in the manifest',
      },
    },
    examples: ['scanline models pull janus-pro-1b', 'scanline models pull janus-pro-1b --dtype fp16 --dry-run'],
    logs: 'warnings',
    load: loadModels,
  },
  {
    name: 'models remove',
    summary: 'delete a pulled pack (never repo or npm packs)',
    positional: { label: 'NAME', required: true },
    options: {
      yes: { type: 'boolean', short: 'y', help: 'remove without asking' },
      json: json('errors as one JSON object on stdout'),
    },
    examples: ['scanline models remove janus-pro-1b --yes'],
    logs: 'warnings',
    load: loadModels,
  },
  {
    name: 'discord register',
    summary: 'register the Discord slash commands',
    details: [
      '/imagine, /edit, /ask, /annotate and the "Edit with Scanline" message command, for the bot',
      'in DISCORD_TOKEN. Without --guild they are global (Discord may take up to an hour to show',
      'them everywhere); with --guild they appear in that server at once.',
    ],
    options: {
      guild: { type: 'string', value: 'ID', help: 'register in this server only (good for testing)' },
    },
    examples: ['scanline discord register --guild 123456789012345678', 'scanline discord register'],
    logs: 'warnings',
    load: async () => (await import('./commands/discord-command.js')).discordCommand,
  },
];

export const SCANLINE: Program = {
  name: 'scanline',
  title: 'Scanline: a self-hosted image bot for Discord and Slack.',
  commands: COMMANDS,
  footer: [
    'Settings come from the environment and from .env (see .env.example).',
    ['Exit codes:', ...EXIT_CODES.map(([code, what]) => `  ${code}  ${what}`)].join('\n'),
  ],
};
