// The Bolt app for one config: HTTP (signed requests at /slack/events) or Socket Mode,
// with the Web API (and Socket Mode's apps.connections.open) pointed at SLACK_API_URL.
import { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../common/config.js';
import { boltLogger } from './bolt-logger.js';

type SlackConfig = NonNullable<Config['slack']>;

/** Bounded retries: the client's default policy retries for about 30 minutes. */
export const SLACK_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 } as const;
/** One Web API call may take this long (uploads included) before it counts as failed. */
const CALL_TIMEOUT_MS = 30_000;

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createBoltApp(slack: SlackConfig, log: Logger): App {
  const common = {
    token: slack.botToken,
    logger: boltLogger(log),
    // auth.test runs in app.init(), where a failure can be awaited and reported.
    deferInitialization: true,
    clientOptions: {
      slackApiUrl: withTrailingSlash(slack.apiUrl),
      retryConfig: { ...SLACK_RETRY },
      // 429s come back to us with Retry-After instead of pausing every call of the client.
      rejectRateLimitedCalls: true,
      timeout: CALL_TIMEOUT_MS,
    },
  };
  if (slack.mode === 'socket') {
    if (!slack.appToken) throw new Error('Socket Mode needs SLACK_APP_TOKEN');
    return new App({ ...common, socketMode: true, appToken: slack.appToken });
  }
  if (!slack.signingSecret) throw new Error('HTTP mode needs SLACK_SIGNING_SECRET');
  return new App({ ...common, signingSecret: slack.signingSecret, port: slack.port });
}
