// The one check of a run's options and prompt, made in the worker when the run message
// arrives: runners get EngineInputs<T> already typed and never parse options themselves.
import { z } from 'zod';
import { parseEditSteps } from './edit/step-schema.js';
import { ENGINE_TASKS, type EngineInputs, type EngineTask, type EngineTaskMap } from './types.js';

/** The main thread sent a run the worker cannot take: a bug in the caller, never the user's doing. */
export class EngineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}

const finite = z.number().finite();
const unit = finite.min(0).max(1);
const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const sampling = {
  seed: seed.optional(),
  temperature: finite.min(0).max(5).optional(),
  topK: z.number().int().min(0).optional(),
  topP: finite.gt(0).max(1).optional(),
};

const maxNewTokens = z.number().int().min(1).max(4096);

// Strict objects: a misspelt option is an error here, not a silently ignored key.
const OPTIONS = {
  ocr: z.object({ angle: z.boolean().optional(), dropScore: unit.optional() }).strict(),
  generate: z
    .object({
      ...sampling,
      cfgWeight: finite.min(0).max(50).optional(),
      aspect: z.object({ w: finite.positive(), h: finite.positive() }).strict().optional(),
      previews: z.boolean().optional(),
    })
    .strict(),
  understand: z.object({ ...sampling, maxNewTokens: maxNewTokens.optional() }).strict(),
  ground: z.object({ maxNewTokens: maxNewTokens.optional() }).strict(),
  detect: z.object({ minScore: unit.optional() }).strict(),
  segment: z
    .object({
      box: z.tuple([finite, finite, finite, finite]).optional(),
      mode: z.literal('foreground').optional(),
      overlay: z.boolean().optional(),
    })
    .strict(),
  edges: z.object({ style: z.enum(['white-on-dark', 'dark-on-white']).optional() }).strict(),
  depth: z.object({}).strict(),
  // The program itself is checked by parseEditSteps, which answers the user-facing edit_step_invalid.
  edit: z.object({ steps: z.unknown(), masks: z.boolean().optional() }).strict(),
} satisfies Record<EngineTask, z.ZodType>;

// Each schema's output must be the task's declared options (edit's steps are typed after parseEditSteps).
type Checked<T extends EngineTask> = T extends 'edit'
  ? Omit<EngineTaskMap[T]['options'], 'steps'>
  : EngineTaskMap[T]['options'];
const agrees: { [T in EngineTask]: (o: z.infer<(typeof OPTIONS)[T]>) => Checked<T> } = {
  ocr: (o) => o,
  generate: (o) => o,
  understand: (o) => o,
  ground: (o) => o,
  detect: (o) => o,
  segment: (o) => o,
  edges: (o) => o,
  depth: (o) => o,
  edit: (o) => o,
};
void agrees;

function problem(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** The task's options, checked; throws EngineInputError naming the field (or edit_step_invalid for steps). */
export function checkOptions<T extends EngineTask>(task: T, raw: unknown): EngineTaskMap[T]['options'] {
  const parsed = OPTIONS[task].safeParse(raw ?? {});
  if (!parsed.success) throw new EngineInputError(`engine.run('${task}'): options.${problem(parsed.error)}`);
  const options = parsed.data as EngineTaskMap[T]['options'];
  if (task !== 'edit') return options;
  const edit = options as EngineTaskMap['edit']['options'];
  return { ...edit, steps: parseEditSteps(edit.steps) } as EngineTaskMap[T]['options'];
}

/** A run message's task and inputs as the runner may trust them. */
export function checkRunInputs<T extends EngineTask>(task: T, inputs: EngineInputs<T>): EngineInputs<T> {
  if (!(ENGINE_TASKS as readonly string[]).includes(task)) {
    throw new EngineInputError(`engine.run: unknown task ${JSON.stringify(task)}`);
  }
  if (!Array.isArray(inputs.images)) throw new EngineInputError(`engine.run('${task}'): images must be an array`);
  if (inputs.prompt !== undefined && typeof inputs.prompt !== 'string') {
    throw new EngineInputError(`engine.run('${task}'): prompt must be a string`);
  }
  return { ...inputs, options: checkOptions(task, inputs.options) };
}
