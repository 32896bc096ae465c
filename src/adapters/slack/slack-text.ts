// Slack message text -> the instruction the router reads, and the few event fields we use.
import type { Locale } from '../../pipeline/types.js';
import { parseSlackFiles, type SlackFileInfo } from './slack-files.js';

/**
 * Removes the bot's mention, turns `<@U1|name>`/`<#C1|general>`/`<url|label>` into their
 * labels and undoes Slack's `&amp;`/`&lt;`/`&gt;` escaping.
 */
export function slackTextToPlain(text: string, botUserId?: string): string {
  let out = text;
  if (botUserId) out = out.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ');
  out = out.replace(/<([@#!])([^>|]+)(?:\|([^>]*))?>/g, (_whole, sigil: string, id: string, label?: string) => {
    if (label) return sigil === '#' ? `#${label}` : `@${label}`;
    return sigil === '!' ? `@${id.split('^')[0]}` : `${sigil}${id}`;
  });
  out = out.replace(/<([^>|]+)\|([^>]+)>/g, '$2').replace(/<([^>]+)>/g, '$1');
  out = out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return out.replace(/[ \t]+/g, ' ').trim();
}

/** Slack user locales look like `en-US`, `zh-CN`, `zh-TW`; we answer in en or zh. */
export function localeFromSlack(locale: string | undefined): Locale | undefined {
  if (!locale) return undefined;
  const lang = locale.toLowerCase().split(/[-_]/)[0];
  return lang === 'zh' ? 'zh' : lang === 'en' ? 'en' : undefined;
}

export interface SlackMessage {
  channel: string;
  channelType?: string;
  user?: string;
  botId?: string;
  subtype?: string;
  text: string;
  ts: string;
  threadTs?: string;
  team?: string;
  files: SlackFileInfo[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Reads an `app_mention` or `message` event (or a message in an interaction payload). */
export function parseSlackMessage(value: unknown, channelFallback?: string): SlackMessage | undefined {
  if (!isObject(value)) return undefined;
  const channel = str(value.channel) ?? channelFallback;
  const ts = str(value.ts);
  if (!channel || !ts) return undefined;
  return {
    channel,
    channelType: str(value.channel_type),
    user: str(value.user),
    botId: str(value.bot_id),
    subtype: str(value.subtype),
    text: typeof value.text === 'string' ? value.text : '',
    ts,
    threadTs: str(value.thread_ts),
    team: str(value.team),
    files: parseSlackFiles(value.files),
  };
}

/** `team_id` of an Events API body, `team.id` of an interaction, `team_id` of a command. */
export function teamOf(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  return (
    str(body.team_id) ??
    (isObject(body.team) ? str(body.team.id) : undefined) ??
    (isObject(body.user) ? str(body.user.team_id) : undefined)
  );
}

export function eventIdOf(body: unknown): string | undefined {
  return isObject(body) ? str(body.event_id) : undefined;
}
