// Where pulled packs go when SCANLINE_MODELS_DIR is not set: the user's data
// folder, so a pull never writes into the repo or node_modules.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_DATA_HOME/scanline/models`, else `%LOCALAPPDATA%\scanline\models` on Windows, else `~/.local/share/scanline/models`. */
export function defaultUserModelsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'scanline', 'models');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'scanline', 'models');
  return join(env.HOME || homedir(), '.local', 'share', 'scanline', 'models');
}

/** The user folders packs are read from: SCANLINE_MODELS_DIR, or the default above once a pull has created it. */
export function readableModelsDirs(configured: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (configured.length > 0) return configured;
  const fallback = defaultUserModelsDir(env);
  return existsSync(fallback) ? [fallback] : [];
}
