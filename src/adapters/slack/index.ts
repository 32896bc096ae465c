// The Slack adapter: `startSlackAdapter` is what `scanline start` calls.
import type { Logger } from 'pino';
import type { Config } from '../../common/config.js';
import type { AdapterRuntime as Runtime } from '../adapter-runtime.js';
import { createSlackAdapter } from './slack-adapter.js';

export { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './slack-adapter.js';
export { SlackReplySink } from './slack-reply-sink.js';
export type { SlackReplyLocation } from './slack-location.js';

export async function startSlackAdapter(
  runtime: Runtime,
  config: Config,
  log: Logger,
): Promise<{ close(): Promise<void> }> {
  return createSlackAdapter(runtime, config, log);
}
