// What Slack sends an app, as documented: signed Events API / command / interaction posts
// (HTTP mode) and the payloads Socket Mode wraps in envelopes.
import { createHmac } from 'node:crypto';
import type { FakeFileObject } from '../fake-slack.js';

/** `v0=HMAC_SHA256(secret, "v0:{ts}:{body}")`, Slack's request signature. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a forged request). */
  signWith?: string;
  retryNum?: number;
  contentType?: 'json' | 'form';
}

/** Posts a body to the app's events endpoint the way Slack does. */
export async function postSigned(url: string, body: string, opts: SignedPostOptions): Promise<Response> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': opts.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(opts.signWith ?? opts.secret, timestamp, body),
  };
  if (opts.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(opts.retryNum);
    headers['X-Slack-Retry-Reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

let counter = 0;
const next = () => ++counter;

/** An Events API envelope (`event_callback`). */
export function eventCallback(
  team: string,
  event: Record<string, unknown>,
  eventId = `Ev${next()}`,
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
    authorizations: [{ team_id: team, user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
  };
}

export function appMention(o: {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
  files?: FakeFileObject[];
}): Record<string, unknown> {
  return { type: 'app_mention', event_ts: o.ts, ...o };
}

export function imMessage(o: {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
  files?: FakeFileObject[];
}): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: 'im',
    event_ts: o.ts,
    ...(o.files ? { subtype: 'file_share' } : {}),
    ...o,
  };
}

export function channelMessage(o: {
  channel: string;
  user: string;
  text: string;
  ts: string;
  thread_ts?: string;
}): Record<string, unknown> {
  return { type: 'message', channel_type: 'channel', event_ts: o.ts, ...o };
}

/** A slash command's form fields. */
export function slashCommand(o: {
  team: string;
  channel: string;
  user: string;
  text: string;
  responseUrl: string;
  /** Default /imagine. */
  command?: string;
}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: o.team,
    team_domain: 'test',
    channel_id: o.channel,
    channel_name: 'general',
    user_id: o.user,
    user_name: 'alice',
    command: o.command ?? '/imagine',
    text: o.text,
    api_app_id: 'A0TEST',
    response_url: o.responseUrl,
    trigger_id: `trig-${next()}`,
  };
}

export function blockAction(o: {
  team: string;
  channel: string;
  user: string;
  message: Record<string, unknown>;
  actionId: string;
  value?: string;
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: o.user, username: 'alice', team_id: o.team },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: o.message.ts, channel_id: o.channel, is_ephemeral: false },
    trigger_id: `trig-${next()}`,
    team: { id: o.team, domain: 'test' },
    channel: { id: o.channel, name: 'general' },
    message: o.message,
    response_url: o.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'actions',
        value: o.value ?? '',
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

export function messageShortcut(o: {
  team: string;
  channel: string;
  user: string;
  message: Record<string, unknown>;
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: 'message_action',
    callback_id: 'scanline_edit',
    trigger_id: `trig-${next()}`,
    response_url: o.responseUrl,
    team: { id: o.team, domain: 'test' },
    channel: { id: o.channel, name: 'general' },
    user: { id: o.user, name: 'alice' },
    message: o.message,
    message_ts: o.message.ts,
    token: 'legacy-verification-token',
    action_ts: String(Date.now() / 1000),
  };
}

export function viewSubmission(o: {
  team: string;
  user: string;
  view: Record<string, unknown>;
  instruction: string;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: o.team, domain: 'test' },
    user: { id: o.user, name: 'alice', team_id: o.team },
    api_app_id: 'A0TEST',
    token: 'legacy-verification-token',
    trigger_id: `trig-${next()}`,
    view: {
      ...o.view,
      state: { values: { instruction: { instruction: { type: 'plain_text_input', value: o.instruction } } } },
    },
  };
}

/** Form body of an interaction (`payload=<json>`). */
export function interactionForm(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
