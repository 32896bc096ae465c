// What an admin may change, as data: Discord's command options and Slack's `/scanline settings` words
// both become SettingChanges, checked and applied here once. A bad value is a sentence for the admin.
import type { Values } from '../../common/i18n.js';
import type { MessageKey } from '../../common/messages.js';
import { TASKS, isTask } from '../tasks/task-table.js';
import type { Locale, Task } from '../types.js';
import { MAX_CHANNELS, MAX_PER_USER_CAP } from './settings-schema.js';
import type { ServerSettings } from './server-settings.js';

export type SettingChange =
  | { kind: 'task'; task: Task; enabled: boolean }
  | { kind: 'channel'; channelId: string; answer: boolean }
  | { kind: 'allChannels' }
  /** undefined: back to the bot's own cap. */
  | { kind: 'perUserCap'; value: number | undefined }
  /** undefined: detected from each message. */
  | { kind: 'language'; value: Locale | undefined }
  | { kind: 'threshold'; field: 'withholdAt' | 'spoilerAt'; value: number }
  | { kind: 'flag'; field: 'spoilerBorderline' | 'adultWithoutFlag'; value: boolean };

/** A value an admin typed or chose that cannot be a setting: `key` and `values` make the sentence. */
export class SettingInputError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly values: Values,
  ) {
    super(`bad setting: ${key} ${JSON.stringify(values)}`);
    this.name = 'SettingInputError';
  }
}

const CHANNEL_ID = /^[A-Za-z0-9]{1,32}$/;

/** The settings after the changes, in order; throws SettingInputError on the first bad value. */
export function applyChanges(current: ServerSettings, changes: readonly SettingChange[]): ServerSettings {
  const next: ServerSettings = {
    ...current,
    channels: [...current.channels],
    safety: { ...current.safety },
    disabledTasks: [...current.disabledTasks],
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'task':
        next.disabledTasks = change.enabled
          ? next.disabledTasks.filter((t) => t !== change.task)
          : TASKS.filter((t) => t === change.task || next.disabledTasks.includes(t));
        break;
      case 'channel':
        if (!CHANNEL_ID.test(change.channelId))
          throw new SettingInputError('settingBadChannel', { value: change.channelId });
        next.channels = next.channels.filter((c) => c !== change.channelId);
        if (change.answer) next.channels.push(change.channelId);
        if (next.channels.length > MAX_CHANNELS)
          throw new SettingInputError('settingTooManyChannels', { max: MAX_CHANNELS });
        break;
      case 'allChannels':
        next.channels = [];
        break;
      case 'perUserCap':
        if (change.value === undefined) delete next.perUserCap;
        else {
          checkNumber('cap', change.value, 1, MAX_PER_USER_CAP, true);
          next.perUserCap = change.value;
        }
        break;
      case 'language':
        if (change.value === undefined) delete next.language;
        else next.language = change.value;
        break;
      case 'threshold':
        checkNumber(change.field === 'withholdAt' ? 'withhold' : 'spoiler', change.value, 0, 1, false);
        next.safety[change.field] = change.value;
        break;
      case 'flag':
        next.safety[change.field] = change.value;
        break;
    }
  }
  return next;
}

function checkNumber(name: string, value: number, min: number, max: number, whole: boolean): void {
  if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    throw new SettingInputError(whole ? 'settingBadWhole' : 'settingBadNumber', {
      name,
      min,
      max,
      value: String(value),
    });
  }
}

const ON = new Set(['on', 'yes', 'true', 'enable', 'enabled', '开', '开启', '打开']);
const OFF = new Set(['off', 'no', 'false', 'disable', 'disabled', '关', '关闭']);

function onOff(word: string | undefined): boolean {
  const w = (word ?? '').toLowerCase();
  if (ON.has(w)) return true;
  if (OFF.has(w)) return false;
  throw new SettingInputError('settingBadOnOff', { value: word ?? '' });
}

function number(name: string, word: string | undefined, min: number, max: number, whole: boolean): number {
  const value = Number(word);
  if (word === undefined || word.trim() === '') {
    throw new SettingInputError(whole ? 'settingBadWhole' : 'settingBadNumber', { name, min, max, value: '' });
  }
  checkNumber(name, value, min, max, whole);
  return value;
}

/** A channel as typed in Slack (`<#C123|general>`, `<#C123>`) or Discord (`<#123>`), or a bare id. */
function channelId(word: string | undefined): string {
  const match = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/.exec(word ?? '') ?? /^([A-Za-z0-9]+)$/.exec(word ?? '');
  if (!match?.[1]) throw new SettingInputError('settingBadChannel', { value: word ?? '' });
  return match[1];
}

/** Names the text form takes, for the help and the "unknown setting" sentence. */
export const SETTING_WORDS = [
  'task',
  'channel',
  'channels',
  'cap',
  'language',
  'withhold',
  'spoiler',
  'borderline',
  'adult',
];

/**
 * The text form of one change (Slack's `/scanline settings <words>`): `task ocr off`, `channel #art on`,
 * `channels all`, `cap 2` / `cap default`, `language zh|en|auto`, `withhold 0.7`, `spoiler 0.5`,
 * `borderline spoiler|plain`, `adult on|off`. No words: no change (the view).
 */
export function parseSettingWords(words: readonly string[]): SettingChange[] {
  const [name, first, second] = words;
  if (name === undefined) return [];
  switch (name.toLowerCase()) {
    case 'task': {
      const task = (first ?? '').toLowerCase();
      if (!isTask(task)) throw new SettingInputError('settingBadTask', { value: first ?? '', tasks: TASKS.join(', ') });
      return [{ kind: 'task', task, enabled: onOff(second) }];
    }
    case 'channel':
      return [{ kind: 'channel', channelId: channelId(first), answer: onOff(second) }];
    case 'channels':
      if ((first ?? '').toLowerCase() !== 'all')
        throw new SettingInputError('settingBadChannels', { value: first ?? '' });
      return [{ kind: 'allChannels' }];
    case 'cap':
      return [
        {
          kind: 'perUserCap',
          value: first?.toLowerCase() === 'default' ? undefined : number('cap', first, 1, MAX_PER_USER_CAP, true),
        },
      ];
    case 'language': {
      const value = (first ?? '').toLowerCase();
      if (value === 'auto') return [{ kind: 'language', value: undefined }];
      if (value === 'en' || value === 'zh') return [{ kind: 'language', value }];
      throw new SettingInputError('settingBadLanguage', { value: first ?? '' });
    }
    case 'withhold':
      return [{ kind: 'threshold', field: 'withholdAt', value: number('withhold', first, 0, 1, false) }];
    case 'spoiler':
      return [{ kind: 'threshold', field: 'spoilerAt', value: number('spoiler', first, 0, 1, false) }];
    case 'borderline': {
      const value = (first ?? '').toLowerCase();
      if (value !== 'spoiler' && value !== 'plain')
        throw new SettingInputError('settingBadBorderline', { value: first ?? '' });
      return [{ kind: 'flag', field: 'spoilerBorderline', value: value === 'spoiler' }];
    }
    case 'adult':
      return [{ kind: 'flag', field: 'adultWithoutFlag', value: onOff(first) }];
    default:
      throw new SettingInputError('settingUnknown', { value: name, names: SETTING_WORDS.join(', ') });
  }
}

/** A form's answers (Discord's `/scanline settings` options), by option name. */
export type SettingOptions = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * The options form of the changes, in this order: `task` + `enabled`, `channel` + `answer_here`, `all_channels`,
 * `per_user_cap` (0: the bot's own), `language` (auto, en, zh), `withhold_at`, `spoiler_at`, `borderline`
 * (spoiler, plain), `adult_without_flag`. No options: no change (the view).
 */
export function changesFromOptions(o: SettingOptions): SettingChange[] {
  const changes: SettingChange[] = [];
  const word = (v: string | number | boolean) => String(v);
  const pair = (name: string, value: string | number | boolean | undefined, valueName: string) => {
    if (value === undefined) throw new SettingInputError('settingMissingOption', { option: valueName, name });
    return value ? 'on' : 'off';
  };
  if (o.task !== undefined)
    changes.push(...parseSettingWords(['task', word(o.task), pair('task', o.enabled, 'enabled')]));
  if (o.channel !== undefined) {
    changes.push(...parseSettingWords(['channel', word(o.channel), pair('channel', o.answer_here, 'answer_here')]));
  }
  if (o.all_channels === true) changes.push({ kind: 'allChannels' });
  if (o.per_user_cap !== undefined) {
    changes.push(...parseSettingWords(['cap', o.per_user_cap === 0 ? 'default' : word(o.per_user_cap)]));
  }
  if (o.language !== undefined) changes.push(...parseSettingWords(['language', word(o.language)]));
  if (o.withhold_at !== undefined) changes.push(...parseSettingWords(['withhold', word(o.withhold_at)]));
  if (o.spoiler_at !== undefined) changes.push(...parseSettingWords(['spoiler', word(o.spoiler_at)]));
  if (o.borderline !== undefined) changes.push(...parseSettingWords(['borderline', word(o.borderline)]));
  if (o.adult_without_flag !== undefined) {
    changes.push({ kind: 'flag', field: 'adultWithoutFlag', value: o.adult_without_flag === true });
  }
  return changes;
}
