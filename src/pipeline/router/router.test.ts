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

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{2,}/;

describe('route: table of real instructions', () => {
  it('has 250+ cases, half of them Chinese or mixed, ambiguous ones included', () => {
    const withHan = ROUTER_CASES.filter((c) => HAN.test(c.text));
    const mixed = withHan.filter((c) => LATIN_WORD.test(c.text.replace(/--\w+(?:\s+\S+)?/g, '')));
    expect(ROUTER_CASES.length).toBeGreaterThanOrEqual(250);
    expect(withHan.length * 2).toBeGreaterThanOrEqual(ROUTER_CASES.length);
    expect(mixed.length).toBeGreaterThanOrEqual(30);
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
    // An edit plan carries the program that runs; every other task has none.
    if (plan.task === 'edit') expect(plan.steps).toEqual(c.expect.steps ?? plan.steps);
    else expect(plan.steps).toEqual([]);
    if (c.expect.prompt !== undefined) expect(plan.prompt).toBe(c.expect.prompt);
    if (c.expect.params !== undefined) expect(plan.params).toEqual(c.expect.params);
    if (c.expect.hint) {
      expect(plan.hints.some((h) => c.expect.hint?.test(h))).toBe(true);
    } else {
      expect(plan.hints).toEqual([]);
    }
  });
});

describe('route: edit plans', () => {
  it('plans the steps once, so the printed plan is the one that runs, and keeps what maps to no step', () => {
    const plan = route(makeRequest({ text: 'make it vintage and put a hat on the dog --size 800', images: 1 }));
    expect(plan.steps).toEqual([
      { op: 'style', style: 'vintage' },
      { op: 'resize', longSide: 800 },
    ]);
    expect(plan.unmapped).toEqual(['put a hat on the dog']);
  });

  it('gives no program to other tasks', () => {
    expect(route(makeRequest({ text: 'draw a cat' })).unmapped).toBeUndefined();
  });
});
