import { describeStep } from '../../pipeline/edit/step-names.js';
import type { Plan, RequestParams } from '../../pipeline/types.js';

// `scanline run --dry-run` without --json: the plan as a person reads it (English labels, the plan's own words).

function flags(params: RequestParams): string {
  const out: string[] = [];
  if (params.aspect) out.push(`--ar ${params.aspect.w}:${params.aspect.h}`);
  if (params.seed !== undefined) out.push(`--seed ${params.seed}`);
  if (params.size !== undefined) out.push(`--size ${params.size}`);
  if (params.strength !== undefined) out.push(`--strength ${params.strength}`);
  return out.length > 0 ? out.join(' ') : '(none)';
}

/** The lines `--dry-run` prints: task, prompt, each edit step (said, then as data), params, hints. */
export function printPlan(plan: Plan): string {
  const lines = [`task: ${plan.task}`, `locale: ${plan.locale}`, `prompt: ${plan.prompt || '(none)'}`];
  if (plan.task === 'edit') {
    lines.push(plan.steps.length > 0 ? 'steps:' : 'steps: (none I can do)');
    for (const [i, step] of plan.steps.entries()) {
      lines.push(`  ${i + 1}. ${describeStep(step, plan.locale)}  ${JSON.stringify(step)}`);
    }
    for (const text of plan.unmapped ?? []) lines.push(`  not understood: ${text}`);
  }
  lines.push(`params: ${flags(plan.params)}`);
  for (const hint of plan.hints) lines.push(`hint: ${hint}`);
  return lines.join('\n');
}
