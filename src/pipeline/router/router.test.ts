import { describe, expect, it } from 'vitest';
import { makeRequest } from '../../../test/helpers/make-request.js';
import { ROUTER_CASES, type RouterCase } from './router-cases.js';
import { route } from './router.js';

function requestFor(c: RouterCase) {
  return makeRequest({
    text: c.text,
    images: c.images ?? 0,
    ...(c.replyImages ? { replyTo: { images: c.replyImages } } : {}),
    ...(c.task ? { task: c.task } : {}),
    ...(c.params ? { params: c.params } : {}),
    from: c.userLocale ? { locale: c.userLocale } : {},
  });
}

describe('route: table of real instructions', () => {
  it('has at least 60 cases in both languages, ambiguous ones included', () => {
    expect(ROUTER_CASES.length).toBeGreaterThanOrEqual(60);
    expect(ROUTER_CASES.filter((c) => c.expect.locale === 'zh').length).toBeGreaterThanOrEqual(20);
    expect(ROUTER_CASES.filter((c) => c.expect.hint).length).toBeGreaterThanOrEqual(10);
  });

  it.each(
    ROUTER_CASES.map(
      (c) => [`${c.text || '(empty)'}${c.images ? ' +img' : ''}${c.replyImages ? ' +reply' : ''}`, c] as const,
    ),
  )('%s', (_label, c) => {
    const plan = route(requestFor(c));
    expect(plan.task).toBe(c.expect.task);
    expect(plan.locale).toBe(c.expect.locale);
    expect(plan.steps).toEqual([]);
    if (c.expect.prompt !== undefined) expect(plan.prompt).toBe(c.expect.prompt);
    if (c.expect.params !== undefined) expect(plan.params).toEqual(c.expect.params);
    if (c.expect.hint) {
      expect(plan.hints.some((h) => c.expect.hint?.test(h))).toBe(true);
    } else {
      expect(plan.hints).toEqual([]);
    }
  });
});
