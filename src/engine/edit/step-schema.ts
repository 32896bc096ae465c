// Checks an edit program at the worker boundary: steps are plain JSON from the
// pipeline (or a replayed plan), so a malformed one is a clear error, not a crash.
import { z } from 'zod';
import { ScanlineError } from '../../common/errors.js';
import type { EditStep } from '../../common/edit-step.js';

const finite = z.number().finite();
const positive = finite.positive();
const aspect = z.object({ w: positive, h: positive }).strict();
const text = z.string().min(1);

const STEP = z.discriminatedUnion('op', [
  z.object({ op: z.literal('grayscale') }).strict(),
  z.object({ op: z.literal('style'), style: text }).strict(),
  z
    .object({
      op: z.literal('adjust'),
      property: z.enum(['brightness', 'contrast', 'saturation', 'warmth']),
      amount: finite,
    })
    .strict(),
  z.object({ op: z.literal('blur'), sigma: finite.nonnegative() }).strict(),
  z.object({ op: z.literal('sharpen') }).strict(),
  z
    .object({
      op: z.literal('crop'),
      aspect: aspect.optional(),
      box: z.tuple([finite, finite, finite, finite]).optional(),
    })
    .strict(),
  z.object({ op: z.literal('rotate'), degrees: finite }).strict(),
  z.object({ op: z.literal('flip'), axis: z.enum(['horizontal', 'vertical']) }).strict(),
  z
    .object({
      op: z.literal('resize'),
      longSide: z.number().int().positive().optional(),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
    })
    .strict()
    .refine((s) => [s.longSide, s.width, s.height].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of longSide, width, height',
    }),
  z.object({ op: z.literal('scale'), factor: positive }).strict(),
  z.object({ op: z.literal('pad'), aspect, fill: text }).strict(),
  z.object({ op: z.literal('invert') }).strict(),
  z.object({ op: z.literal('vignette'), strength: finite.min(0).max(1).optional() }).strict(),
  z.object({ op: z.literal('recolor'), target: text, color: text }).strict(),
  z
    .object({
      op: z.literal('background'),
      mode: z.enum(['remove', 'color', 'blur', 'replace']),
      value: z.string().optional(),
    })
    .strict(),
  z.object({ op: z.literal('caption'), text, position: z.enum(['top', 'bottom']) }).strict(),
  z.object({ op: z.literal('remove'), target: text }).strict(),
  z
    .object({
      op: z.literal('combine'),
      layout: z.enum(['side-by-side', 'stack', 'grid']),
      gap: finite.min(0).max(200).optional(),
      background: text.optional(),
    })
    .strict(),
  z
    .object({
      op: z.literal('before-after'),
      layout: z.enum(['side-by-side', 'stack']).optional(),
      labels: z.tuple([z.string(), z.string()]).optional(),
    })
    .strict(),
  z.object({ op: z.literal('background-from'), index: z.number().int().min(1) }).strict(),
]);

// The schema and the contract must describe the same steps, both ways.
type Parsed = z.infer<typeof STEP>;
const toContract = (s: Parsed): EditStep => s;
const fromContract = (s: EditStep): Parsed => s;
void toContract;
void fromContract;

const PROGRAM = z.array(STEP).min(1);

/** The `steps` option as an edit program; throws `edit_step_invalid` naming the first bad step. */
export function parseEditSteps(value: unknown): EditStep[] {
  const result = PROGRAM.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [index, ...rest] = issue?.path ?? [];
  const where = typeof index === 'number' ? `step ${index + 1}` : 'steps';
  const field = rest.length > 0 ? ` (${rest.join('.')})` : '';
  throw new ScanlineError('edit_step_invalid', { where, detail: `${issue?.message ?? 'invalid'}${field}` });
}
