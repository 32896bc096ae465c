// The Bolt app for one config: HTTP (signed requests at /slack/events, behind http-guard.ts) or Socket Mode,
// with the Web API (and Socket Mode's apps.connections.open) pointed at SLACK_API_URL.
import { App } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../common/config.js';
import type { SeenOnce } from '../../pipeline/index.js';
import { boltLogger } from './bolt-logger.js';
import { DEFAULT_SLACK_HTTP_LIMITS, type SlackHttpLimits } from './http-guard.js';
import { GuardedHttpReceiver } from './http-receiver.js';

type SlackConfig = NonNullable<Config['slack']>;

/** Bounded retries: the client's default policy retries for about 30 minutes. */
export const SLACK_RETRY = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4000 } as const;
/** One Web API call may take this long (uploads included) before it counts as failed. */
const CALL_TIMEOUT_MS = 30_000;

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createBoltApp(
  slack: SlackConfig,
  log: Logger,
  httpLimits: Partial<SlackHttpLimits> = {},
  sharedReplays?: SeenOnce,
): App {
  const logger = boltLogger(log);
  const common = {
    token: slack.botToken,
    logger,
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
  // Our receiver caps bodies and refuses stale, future and replayed signatures before Bolt reads anything.
  const receiver = new GuardedHttpReceiver({
    signingSecret: slack.signingSecret,
    limits: { ...DEFAULT_SLACK_HTTP_LIMITS, ...httpLimits },
    log,
    boltLogger: logger,
    port: slack.port,
    ...(sharedReplays ? { sharedReplays } : {}),
  });
  return new App({ ...common, receiver });
}
