// Validation of a pack's manifest.json: packs come from users' folders and the
// hub, so a bad manifest must become a readable warning, never a crash.
import { isAbsolute, normalize } from 'node:path';
import { z } from 'zod';
import type { PackManifest } from './task-runner.js';
import { ENGINE_TASKS, type EngineTask } from './types.js';

export { ENGINE_TASKS };

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !isAbsolute(p) && !normalize(p).split(/[\\/]/).includes('..'), {
    message: 'must be a path inside the pack folder',
  });

const fileSchema = z.object({
  path: relativePath,
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
    .transform((s) => s.toLowerCase())
    .optional(),
  bytes: z.number().int().nonnegative().optional(),
});

const manifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"'),
  version: z.string().min(1),
  description: z.string(),
  // Unknown tasks (a pack made for a newer Scanline) are dropped, not fatal.
  tasks: z.array(z.string()).min(1),
  // Absent in packs made before manifests named it: then inferred once, from the tasks (below).
  architecture: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"')
    .optional(),
  files: z.record(z.string().min(1), fileSchema).refine((f) => Object.keys(f).length > 0, {
    message: 'must list at least one file',
  }),
  license: z.string().min(1),
  source: z.string().min(1),
  // Written by `models pull`: the hub commit the files came from, and files installed without a hub-stated hash.
  revision: z
    .string()
    .regex(/^[0-9a-f]{40}$/, 'must be a 40-hex commit id')
    .optional(),
  unverified: z.array(relativePath).optional(),
});

/**
 * The architecture of a manifest written before the field existed. Until then each task had exactly
 * one runner, so such a pack was made for that runner: its first task says which. Frozen: new
 * families always write `architecture`.
 */
const ARCHITECTURE_BEFORE_THE_FIELD: Partial<Record<EngineTask, string>> = {
  ocr: 'paddleocr-v4',
  generate: 'janus',
  understand: 'janus',
  detect: 'centernet',
  depth: 'depth-anything-v2',
};

/** The architecture an older manifest's tasks imply, or undefined (no task had a pack then). */
export function inferArchitecture(tasks: readonly EngineTask[]): string | undefined {
  return tasks.map((t) => ARCHITECTURE_BEFORE_THE_FIELD[t]).find((a) => a !== undefined);
}

export type ManifestParse =
  { ok: true; manifest: PackManifest; ignoredTasks: string[] } | { ok: false; problem: string };

/** Checks parsed JSON against the manifest schema; `problem` is one readable line. */
export function parseManifest(json: unknown): ManifestParse {
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    return { ok: false, problem };
  }
  const known = (ENGINE_TASKS as readonly string[]).filter((t) => parsed.data.tasks.includes(t));
  const ignoredTasks = parsed.data.tasks.filter((t) => !known.includes(t));
  if (known.length === 0) {
    return { ok: false, problem: `tasks: none this Scanline knows (${parsed.data.tasks.join(', ')})` };
  }
  const architecture = parsed.data.architecture ?? inferArchitecture(known as EngineTask[]);
  if (architecture === undefined) return { ok: false, problem: 'architecture: missing (name the model family)' };
  return { ok: true, manifest: { ...parsed.data, tasks: known as EngineTask[], architecture }, ignoredTasks };
}
