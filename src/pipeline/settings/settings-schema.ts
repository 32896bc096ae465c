// What a stored server's settings may hold: every value a store writes or reads is checked here,
// so a hand-edited row or an old format gives defaults and a log line, never a half-read policy.
import { z } from 'zod';
import { TASKS } from '../tasks/task-table.js';
import type { Task } from '../types.js';
import { DEFAULT_SAFETY, defaultServerSettings, type ServerSettings } from './server-settings.js';

/** Highest per-user cap an admin may set (the process's own cap still applies when lower). */
export const MAX_PER_USER_CAP = 100;
/** Channels one server may list. */
export const MAX_CHANNELS = 200;

const score = z.number().min(0).max(1);

export const serverSettingsSchema = z
  .object({
    channels: z
      .array(z.string().regex(/^[A-Za-z0-9]{1,32}$/))
      .max(MAX_CHANNELS)
      .default([]),
    safety: z
      .object({
        withholdAt: score.default(DEFAULT_SAFETY.withholdAt),
        spoilerAt: score.default(DEFAULT_SAFETY.spoilerAt),
        spoilerBorderline: z.boolean().default(DEFAULT_SAFETY.spoilerBorderline),
        adultWithoutFlag: z.boolean().default(DEFAULT_SAFETY.adultWithoutFlag),
      })
      .default({ ...DEFAULT_SAFETY }),
    perUserCap: z.number().int().min(1).max(MAX_PER_USER_CAP).optional(),
    language: z.enum(['en', 'zh']).optional(),
    disabledTasks: z.array(z.enum(TASKS as [Task, ...Task[]])).default([]),
  })
  .strip();

/** Stored settings that fail the schema: the store refuses to write them. */
export class SettingsInvalidError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid server settings: ${problems.join('; ')}`);
    this.name = 'SettingsInvalidError';
  }
}

/** Checks settings before they are stored; returns them normalised (channels and tasks once each). */
export function validSettings(settings: ServerSettings): ServerSettings {
  const parsed = serverSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new SettingsInvalidError(parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`));
  }
  return normalise(parsed.data);
}

/** Reads a stored JSON text; anything unreadable gives the defaults and the reason (for the store's log). */
export function readStoredSettings(text: string | null | undefined): { settings: ServerSettings; problem?: string } {
  if (text === null || text === undefined) return { settings: defaultServerSettings() };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings: defaultServerSettings(), problem: 'not JSON' };
  }
  const parsed = serverSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    return { settings: defaultServerSettings(), problem: parsed.error.issues.map((i) => i.path.join('.')).join(', ') };
  }
  return { settings: normalise(parsed.data) };
}

function normalise(s: z.output<typeof serverSettingsSchema>): ServerSettings {
  return {
    channels: [...new Set(s.channels)],
    safety: { ...s.safety },
    ...(s.perUserCap !== undefined ? { perUserCap: s.perUserCap } : {}),
    ...(s.language !== undefined ? { language: s.language } : {}),
    disabledTasks: TASKS.filter((task) => s.disabledTasks.includes(task)),
  };
}
