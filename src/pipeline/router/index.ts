// The intent router: Request -> Plan. Everything else here is its parts, exported for tests and tools.
export { route } from './router.js';
export {
  parseParams,
  parseAspect,
  validateParams,
  ASPECT_MIN,
  ASPECT_MAX,
  SEED_LIMIT,
  SIZE_MIN,
  SIZE_MAX,
} from './params.js';
export type { ParsedParams } from './params.js';
export { detectLocale } from './language.js';
export { classifyIntent } from './intent.js';
export type { Guess, Intent, IntentContext } from './intent.js';
export { analyseInstruction } from './normalize.js';
export type { Instruction } from './normalize.js';
export { buildPrompt, generationPrompt, targetPrompt, DESCRIBE_PROMPT, CAPTION_PROMPT } from './prompt.js';
export { renderHint } from './hints.js';
export type { Hint, HintKey } from './hints.js';
export { parseCommand } from './command.js';
export { findQuotedSpans, maskQuoted } from './quotes.js';
