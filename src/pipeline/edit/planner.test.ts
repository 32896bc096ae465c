import { describe, expect, it } from 'vitest';
import { parseEditSteps } from '../../engine/edit/step-schema.js';
import { PLANNER_CASES } from './planner-cases.js';
import { planEdit } from './planner.js';

describe('planEdit', () => {
  it('has a table of at least 60 instructions in English, Chinese and both', () => {
    expect(PLANNER_CASES.length).toBeGreaterThanOrEqual(60);
    expect(PLANNER_CASES.some((c) => /\p{Script=Han}/u.test(c.text) && /[a-z]{3}/i.test(c.text))).toBe(true);
    expect(PLANNER_CASES.filter((c) => (c.unmapped ?? []).length > 0).length).toBeGreaterThanOrEqual(8);
  });

  it.each(PLANNER_CASES)('$text', ({ text, steps, unmapped }) => {
    const plan = planEdit(text);
    expect(plan.steps).toEqual(steps);
    expect(plan.unmapped).toEqual(unmapped ?? []);
  });

  it("plans only programs the worker's edit runner accepts", () => {
    const programs = PLANNER_CASES.map((c) => planEdit(c.text).steps).filter((steps) => steps.length > 0);
    expect(programs.length).toBeGreaterThan(50);
    for (const steps of programs) expect(parseEditSteps(steps)).toEqual(steps);
  });

  it('keeps quoted caption text exactly, case, punctuation and "and" included', () => {
    const plan = planEdit('add the caption "MiXeD Case, and 中文！" please');
    expect(plan.steps).toEqual([{ op: 'caption', text: 'MiXeD Case, and 中文！', position: 'bottom' }]);
  });

  it('plans nothing for an empty or purely polite instruction', () => {
    expect(planEdit('')).toEqual({ steps: [], unmapped: [] });
    expect(planEdit('please, thanks')).toEqual({ steps: [], unmapped: [] });
  });
});
