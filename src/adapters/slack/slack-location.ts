// Where a Slack reply lives, as the pipeline journals it, and what the adapter reads back from it.
import type { JobRecord, ReplyLocation } from '../../pipeline/index.js';

export type SlackReplyLocation = Extract<ReplyLocation, { platform: 'slack' }>;

/** The conversation a reply goes to before it is posted. */
export type SlackPlace = Pick<SlackReplyLocation, 'channel' | 'team' | 'thread'>;

/** The journaled location of a job's reply, when Slack shows it. */
export function slackLocationOf(record: JobRecord | undefined): SlackReplyLocation | undefined {
  return record?.reply?.platform === 'slack' ? record.reply : undefined;
}

export function placeOf(location: SlackPlace): SlackReplyLocation {
  return {
    platform: 'slack',
    channel: location.channel,
    team: location.team,
    ...(location.thread ? { thread: location.thread } : {}),
  };
}
