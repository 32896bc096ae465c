import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../pipeline/index.js';
import { placeOf, slackLocationOf } from './slack-location.js';

const record = (reply: JobRecord['reply']): JobRecord => ({ id: 'job-1', ...(reply ? { reply } : {}) }) as JobRecord;

describe('Slack reply locations', () => {
  it("reads back only a Slack reply's location", () => {
    const slack = {
      platform: 'slack',
      channel: 'C1',
      team: 'T1',
      ts: '2.0',
      fileUrl: 'https://files.slack.com/x',
    } as const;
    expect(slackLocationOf(record(slack))).toEqual(slack);
    expect(slackLocationOf(record({ platform: 'discord', channelId: 'c' }))).toBeUndefined();
    expect(slackLocationOf(record(undefined))).toBeUndefined();
    expect(slackLocationOf(undefined)).toBeUndefined();
  });

  it('places a reply before it is posted: channel, team and the thread when there is one', () => {
    expect(placeOf({ channel: 'C1', team: 'T1', thread: '1.0' })).toEqual({
      platform: 'slack',
      channel: 'C1',
      team: 'T1',
      thread: '1.0',
    });
    expect(placeOf({ channel: 'C1', team: 'T1' })).toEqual({ platform: 'slack', channel: 'C1', team: 'T1' });
  });
});
