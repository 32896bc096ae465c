import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Every setting Scanline reads, validated once at start. `.env.example`
 * documents each one; keep the two in step.
 */
const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'on' || v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number({ error: 'must be a port number' }).int().min(1).max(65535);

const positiveInt = z.coerce.number({ error: 'must be a whole number' }).int().positive();

const hostList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((h) => h.trim())
      .filter((h) => h.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9.*:[\]-]+$/i, 'each entry must be a host or host:port')));

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

const schema = z.object({
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_API_URL: httpUrl.default('https://discord.com/api'),
  DISCORD_MESSAGE_CONTENT: z.enum(['auto', 'on', 'off']).default('auto'),
  DISCORD_REGISTER_COMMANDS: z.enum(['off', 'global', 'guild']).default('off'),
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{5,25}$/, 'must be a server (guild) id: digits only')
    .optional(),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
  SLACK_API_URL: httpUrl.default('https://slack.com/api/'),
  SLACK_PORT: port.default(3000),
  SCANLINE_ATTACHMENT_HOSTS: hostList.default([]),
  SCANLINE_MODELS_DIR: z.string().min(1).optional(),
  SCANLINE_ISNET_DIR: z.string().min(1).optional(),
  SCANLINE_DATA_DIR: z.string().min(1).optional(),
  HF_ENDPOINT: httpUrl.default('https://huggingface.co'),
  HF_TOKEN: z.string().min(1).optional(),
  SCANLINE_PLAYGROUND: onOff.default(true),
  SCANLINE_PLAYGROUND_PORT: port.default(8787),
  SCANLINE_PLAYGROUND_HOST: z.string().min(1).default('127.0.0.1'),
  SCANLINE_PLAYGROUND_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SCANLINE_PLAYGROUND_MEMORY_MB: z.coerce.number().positive().max(65536).optional(),
  SCANLINE_PLAYGROUND_SESSION_MB: z.coerce.number().positive().max(65536).optional(),
  SCANLINE_PLAYGROUND_UPLOADS: positiveInt.max(256).default(4),
  SCANLINE_PLAYGROUND_UPLOADS_PER_SESSION: positiveInt.max(256).default(2),
  SCANLINE_METRICS_PORT: port.optional(),
  SCANLINE_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SCANLINE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SCANLINE_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' })
    .optional(),
  SCANLINE_DEVICE: z.enum(['cpu', 'cuda']).default('cpu'),
  SCANLINE_THREADS: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(64).default(2),
  SCANLINE_SPINNING: onOff.default(false),
  SCANLINE_CONCURRENCY: positiveInt.default(1),
  SCANLINE_BATCH_MAX: positiveInt.max(64).optional(),
  SCANLINE_BATCH_CACHE_MB: z.coerce.number().positive().max(1_048_576).optional(),
  SCANLINE_MAX_QUEUED_PER_USER: positiveInt.default(3),
  SCANLINE_MAX_QUEUED_PER_CHANNEL: positiveInt.default(10),
  SCANLINE_MAX_QUEUED: positiveInt.default(50),
  SCANLINE_MAX_DOWNLOAD_MB: z.coerce.number().positive().max(500).default(25),
  SCANLINE_DOWNLOAD_TIMEOUT_S: z.coerce.number().positive().max(600).default(30),
  SCANLINE_MAX_MEGAPIXELS: z.coerce.number().positive().max(400).default(40),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof schema>;

/** Every setting name Scanline reads. */
export const SETTING_NAMES = Object.keys(schema.shape);

export interface Config {
  discord?: {
    token: string;
    apiUrl: string;
    messageContent: 'auto' | 'on' | 'off';
    /** Register the slash and context-menu commands at start. */
    registerCommands: false | { guildId?: string };
  };
  slack?: {
    botToken: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    port: number;
    mode: 'http' | 'socket';
  };
  playground: { enabled: boolean; host: string; port: number; token?: string };
  /** The ops server (/metrics, /healthz); off unless SCANLINE_METRICS_PORT is set. */
  ops?: { host: string; port: number; token?: string };
  /** Memory and upload bounds of the playground: in all, per browser session, bodies read at once. */
  playgroundLimits: { memoryBytes: number; sessionBytes: number; uploadsAtOnce: number; uploadsPerSession: number };
  attachments: { extraHosts: string[]; maxBytes: number; timeoutMs: number; maxPixels: number };
  models: { dirs: string[]; hfEndpoint: string; hfToken?: string; isnetDir?: string };
  /** Where the bot keeps its own state (the job journal). */
  dataDir: string;
  /** Scale-out: the Redis that BullMQ, the shared journal and the settings use; absent = one process. */
  redis?: { url: string };
  engine: { device: 'cpu' | 'cuda'; intraOpThreads: number; spinning: boolean };
  scheduler: { concurrency: number; perUser: number; perChannel: number; global: number };
  /** Continuous batching: jobs of one batching task a device slot runs together, and their KV cache. */
  batch: { maxJobs: number; cacheMb: number };
  logLevel: RawConfig['LOG_LEVEL'];
}

/**
 * Batch defaults per device. A GPU decode step reads the weights once for the whole batch, so 8
 * jobs cost little more than one; on a CPU the per-row KV cache copies grow with the batch, and
 * 4 keeps each job's wait short (see `npm run bench batch`). The cache cap holds about 4 (CPU) or
 * 16 (GPU) Janus-Pro-1B generations in fp16 (~240 MB each at full length).
 */
export const BATCH_DEFAULTS = {
  cpu: { maxJobs: 4, cacheMb: 1024 },
  cuda: { maxJobs: 8, cacheMb: 4096 },
} as const;

/** Names of settings whose values must never reach a log line. */
export const SECRET_SETTINGS = [
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'HF_TOKEN',
  'SCANLINE_PLAYGROUND_TOKEN',
  'SCANLINE_METRICS_TOKEN',
  // May carry a password (redis://:secret@host).
  'SCANLINE_REDIS_URL',
] as const;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Scanline's per-user data folder: `$XDG_DATA_HOME/scanline`, else `%LOCALAPPDATA%\\scanline`
 * on Windows, else `~/.local/share/scanline`. Pulled model packs go in its `models` folder.
 */
export function userDataHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const xdg = env.XDG_DATA_HOME?.trim();
  if (xdg) return join(xdg, 'scanline');
  const localAppData = env.LOCALAPPDATA?.trim();
  if (platform === 'win32' && localAppData) return join(localAppData, 'scanline');
  return join(env.HOME?.trim() || homedir(), '.local', 'share', 'scanline');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** A host name or address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}

/** Rules that tie settings together, checked on the raw strings so they are reported with schema problems. */
function crossCheck(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    problems.push(
      'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is: set one of them.',
    );
  }
  if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
    problems.push('SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is missing.');
  }
  if (env.DISCORD_REGISTER_COMMANDS === 'guild' && !env.DISCORD_GUILD_ID) {
    problems.push('DISCORD_REGISTER_COMMANDS is guild but DISCORD_GUILD_ID is not set.');
  }
  const host = env.SCANLINE_PLAYGROUND_HOST ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !env.SCANLINE_PLAYGROUND_TOKEN) {
    problems.push(
      `SCANLINE_PLAYGROUND_HOST is ${host}, not loopback: set SCANLINE_PLAYGROUND_TOKEN so strangers cannot use the playground.`,
    );
  }
  problems.push(...opsProblems(env));
  const mb = (key: string, fallback: number) => Number(env[key] ?? fallback);
  const download = mb('SCANLINE_MAX_DOWNLOAD_MB', 25);
  const session = mb('SCANLINE_PLAYGROUND_SESSION_MB', Math.max(100, download));
  if (env.SCANLINE_PLAYGROUND_SESSION_MB && session < download) {
    problems.push(
      `SCANLINE_PLAYGROUND_SESSION_MB is ${session}, under SCANLINE_MAX_DOWNLOAD_MB (${download}): one upload would not fit; raise it.`,
    );
  }
  if (env.SCANLINE_PLAYGROUND_MEMORY_MB && mb('SCANLINE_PLAYGROUND_MEMORY_MB', 0) < session) {
    problems.push(
      `SCANLINE_PLAYGROUND_MEMORY_MB is ${env.SCANLINE_PLAYGROUND_MEMORY_MB}, under one session's ${session} MB (SCANLINE_PLAYGROUND_SESSION_MB): raise it.`,
    );
  }
  return problems;
}

/** The ops server: a host or token without a port, a port another server uses, a public host without a token. */
function opsProblems(env: Record<string, string | undefined>): string[] {
  const port = env.SCANLINE_METRICS_PORT;
  if (!port) {
    // A loopback host is the default and harmless alone; a public host or a token means the operator wanted it on.
    const host = env.SCANLINE_METRICS_HOST;
    const set = [
      ...(host !== undefined && !LOOPBACK.has(host) ? ['SCANLINE_METRICS_HOST'] : []),
      ...(env.SCANLINE_METRICS_TOKEN !== undefined ? ['SCANLINE_METRICS_TOKEN'] : []),
    ];
    return set.length > 0
      ? [
          `${set.join(' and ')} ${set.length > 1 ? 'are' : 'is'} set but SCANLINE_METRICS_PORT is not, so /metrics and /healthz are off: set the port (e.g. 9464).`,
        ]
      : [];
  }
  const problems: string[] = [];
  const host = env.SCANLINE_METRICS_HOST ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && !env.SCANLINE_METRICS_TOKEN) {
    problems.push(
      `SCANLINE_METRICS_HOST is ${host}, not loopback: set SCANLINE_METRICS_TOKEN (sent by Prometheus as a bearer token) so strangers cannot read /metrics and /healthz.`,
    );
  }
  const playgroundOn = !['off', 'false', '0', 'no'].includes(env.SCANLINE_PLAYGROUND ?? 'on');
  if (playgroundOn && port === (env.SCANLINE_PLAYGROUND_PORT ?? '8787')) {
    problems.push(`SCANLINE_METRICS_PORT is ${port}, the playground's port (SCANLINE_PLAYGROUND_PORT): pick another.`);
  }
  const slackHttp = env.SLACK_BOT_TOKEN && env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN;
  if (slackHttp && port === (env.SLACK_PORT ?? '3000')) {
    problems.push(`SCANLINE_METRICS_PORT is ${port}, the Slack events port (SLACK_PORT): pick another.`);
  }
  return problems;
}

const MB = 1024 * 1024;

/** Unset memory bounds follow the upload limit: a session holds at least one upload, the store at least four. */
function playgroundLimits(c: RawConfig): Config['playgroundLimits'] {
  const sessionMb = c.SCANLINE_PLAYGROUND_SESSION_MB ?? Math.max(100, c.SCANLINE_MAX_DOWNLOAD_MB);
  const memoryMb = c.SCANLINE_PLAYGROUND_MEMORY_MB ?? Math.max(256, 4 * c.SCANLINE_MAX_DOWNLOAD_MB, sessionMb);
  return {
    memoryBytes: Math.round(memoryMb * MB),
    sessionBytes: Math.round(sessionMb * MB),
    uploadsAtOnce: c.SCANLINE_PLAYGROUND_UPLOADS,
    uploadsPerSession: c.SCANLINE_PLAYGROUND_UPLOADS_PER_SESSION,
  };
}

/** Validates the environment; throws ConfigError listing every problem, one line each. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const relevant: Record<string, string | undefined> = Object.fromEntries(
    Object.keys(schema.shape).map((key) => {
      const value = env[key];
      return [key, value === undefined || value.trim() === '' ? undefined : value.trim()];
    }),
  );
  const parsed = schema.safeParse(relevant);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? 'config');
        const secret = (SECRET_SETTINGS as readonly string[]).includes(key);
        // zod may echo the received value; never for secrets.
        const message = secret ? issue.message.replace(/received .*/i, 'invalid value') : issue.message;
        return `${key}: ${message}`;
      });
  problems.push(...crossCheck(relevant));
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const c = parsed.data;

  return {
    discord: c.DISCORD_TOKEN
      ? {
          token: c.DISCORD_TOKEN,
          apiUrl: c.DISCORD_API_URL,
          messageContent: c.DISCORD_MESSAGE_CONTENT,
          registerCommands:
            c.DISCORD_REGISTER_COMMANDS === 'off'
              ? false
              : c.DISCORD_REGISTER_COMMANDS === 'guild'
                ? { guildId: c.DISCORD_GUILD_ID }
                : {},
        }
      : undefined,
    slack: c.SLACK_BOT_TOKEN
      ? {
          botToken: c.SLACK_BOT_TOKEN,
          signingSecret: c.SLACK_SIGNING_SECRET,
          appToken: c.SLACK_APP_TOKEN,
          apiUrl: c.SLACK_API_URL,
          port: c.SLACK_PORT,
          mode: c.SLACK_APP_TOKEN ? 'socket' : 'http',
        }
      : undefined,
    playground: {
      enabled: c.SCANLINE_PLAYGROUND,
      host: c.SCANLINE_PLAYGROUND_HOST,
      port: c.SCANLINE_PLAYGROUND_PORT,
      token: c.SCANLINE_PLAYGROUND_TOKEN,
    },
    playgroundLimits: playgroundLimits(c),
    ops: c.SCANLINE_METRICS_PORT
      ? {
          host: c.SCANLINE_METRICS_HOST,
          port: c.SCANLINE_METRICS_PORT,
          ...(c.SCANLINE_METRICS_TOKEN ? { token: c.SCANLINE_METRICS_TOKEN } : {}),
        }
      : undefined,
    attachments: {
      extraHosts: c.SCANLINE_ATTACHMENT_HOSTS,
      maxBytes: Math.round(c.SCANLINE_MAX_DOWNLOAD_MB * 1024 * 1024),
      timeoutMs: Math.round(c.SCANLINE_DOWNLOAD_TIMEOUT_S * 1000),
      maxPixels: Math.round(c.SCANLINE_MAX_MEGAPIXELS * 1_000_000),
    },
    models: {
      dirs: c.SCANLINE_MODELS_DIR ? [c.SCANLINE_MODELS_DIR] : [],
      isnetDir: c.SCANLINE_ISNET_DIR,
      hfEndpoint: c.HF_ENDPOINT,
      hfToken: c.HF_TOKEN,
    },
    dataDir: c.SCANLINE_DATA_DIR ?? userDataHome(env),
    ...(c.SCANLINE_REDIS_URL ? { redis: { url: c.SCANLINE_REDIS_URL } } : {}),
    engine: { device: c.SCANLINE_DEVICE, intraOpThreads: c.SCANLINE_THREADS, spinning: c.SCANLINE_SPINNING },
    scheduler: {
      concurrency: c.SCANLINE_CONCURRENCY,
      perUser: c.SCANLINE_MAX_QUEUED_PER_USER,
      perChannel: c.SCANLINE_MAX_QUEUED_PER_CHANNEL,
      global: c.SCANLINE_MAX_QUEUED,
    },
    batch: {
      maxJobs: c.SCANLINE_BATCH_MAX ?? BATCH_DEFAULTS[c.SCANLINE_DEVICE].maxJobs,
      cacheMb: c.SCANLINE_BATCH_CACHE_MB ?? BATCH_DEFAULTS[c.SCANLINE_DEVICE].cacheMb,
    },
    logLevel: c.LOG_LEVEL,
  };
}
