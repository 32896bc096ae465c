// The Slack adapter: `startSlackAdapter` is what `scanline start` calls.
export { startSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from './slack-adapter.js';
export { SlackReplySink } from './slack-reply-sink.js';
export type { SlackReplyLocation } from './slack-location.js';
