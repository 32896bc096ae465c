import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache.js';

/** A cache over fake "sessions" that records loads and releases. */
function recording(max?: number) {
  const loads: string[] = [];
  const released: string[] = [];
  const cache = new SessionCache<string>({ release: async (s) => void released.push(s), ...(max ? { max } : {}) });
  const get = (key: string) =>
    cache.get(key, async () => {
      loads.push(key);
      return `session:${key}`;
    });
  return { cache, get, loads, released };
}

describe('SessionCache', () => {
  it('loads a key once and hands the same value back', async () => {
    const { get, loads } = recording();
    expect(await get('/packs/a')).toBe('session:/packs/a');
    expect(await get('/packs/a')).toBe('session:/packs/a');
    expect(loads).toEqual(['/packs/a']);
  });

  it('releases the old entry when a new key is loaded past max', async () => {
    const { get, released } = recording();
    await get('/packs/a');
    await get('/packs/b');
    expect(released).toEqual(['session:/packs/a']);
    const two = recording(2);
    await two.get('a');
    await two.get('b');
    expect(two.released).toEqual([]);
    await two.get('c');
    expect(two.released).toEqual(['session:a']);
  });

  it('does not keep a failed load: the next call tries again', async () => {
    const cache = new SessionCache<string>({ release: async () => undefined });
    await expect(cache.get('k', () => Promise.reject(new Error('no file')))).rejects.toThrow('no file');
    expect(await cache.get('k', async () => 'second try')).toBe('second try');
  });

  it('releases everything on dispose, once', async () => {
    const { cache, get, released } = recording(2);
    await get('a');
    await get('b');
    await cache.dispose();
    await cache.dispose();
    expect(released.sort()).toEqual(['session:a', 'session:b']);
  });
});
