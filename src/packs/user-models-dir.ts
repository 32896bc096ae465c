// Where pulled packs go when SCANLINE_MODELS_DIR is not set: the user's data
// folder, so a pull never writes into the repo or node_modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userDataHome } from '../common/config.js';

/** The `models` folder of the user's data folder (see userDataHome). */
export function defaultUserModelsDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return join(userDataHome(env, platform), 'models');
}

/** The user folders packs are read from: SCANLINE_MODELS_DIR, or the default above once a pull has created it. */
export function readableModelsDirs(configured: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (configured.length > 0) return configured;
  const fallback = defaultUserModelsDir(env);
  return existsSync(fallback) ? [fallback] : [];
}
