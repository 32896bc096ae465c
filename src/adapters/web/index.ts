// The local playground: a chat page served by the bot process, a third adapter on the shared pipeline.
export {
  startWebAdapter,
  type Playground,
  type PlaygroundConfig,
  type PlaygroundOptions,
  type PlaygroundRuntime,
} from './web-adapter.js';
export { MAX_TEXT_LENGTH, MAX_IMAGES_PER_MESSAGE } from './api-requests.js';
export type { WireEvent, WireImage, WireJob, WireView, WireError } from './wire.js';
