// Slack message text -> the instruction the router reads, and the few event fields we use.
import type { Locale } from '../../pipeline/index.js';
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

/** The fields of a message (event, or the message of a shortcut) that Scanline reads. */
export interface SlackMessage {
  channel: string;
  user?: string;
  text: string;
  ts: string;
  threadTs?: string;
  files: SlackFileInfo[];
}

/** What Bolt's typed message events and a shortcut's message have in common. */
interface MessageFields {
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  files?: unknown;
}

/** Reads an `app_mention` or `message` event, or the message a shortcut was used on. */
export function slackMessage(event: MessageFields, channel: string): SlackMessage {
  return {
    channel,
    ...(event.user ? { user: event.user } : {}),
    text: event.text ?? '',
    ts: event.ts,
    ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    files: parseSlackFiles(event.files),
  };
}
