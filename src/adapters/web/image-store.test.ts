import { describe, expect, it } from 'vitest';
import { ImageStore, servedMime } from './image-store.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const bytes = (n: number) => new Uint8Array(n).fill(7);

const MINUTE = 60_000;

/** A store on a hand-turned clock. */
function storeOf(maxBytes: number, sessionBytes: number) {
  const clock = { now: 0 };
  const store = new ImageStore({ maxBytes, sessionBytes, idleMs: 30 * MINUTE, now: () => clock.now });
  return { store, clock };
}

function mustReserve(store: ImageStore, owner: string, n: number) {
  const held = store.reserve(owner, n);
  if (!held.ok) throw new Error(`refused: ${held.reason}`);
  return held.reservation;
}

describe('ImageStore', () => {
  it('gives a file only to the session that owns it', () => {
    const { store } = storeOf(1000, 1000);
    const file = store.put({ owner: 'alice', data: PNG, name: 'a.png' });
    expect(store.get(file.id, 'alice')?.name).toBe('a.png');
    expect(store.get(file.id, 'bob')).toBeUndefined();
    expect(file.mime).toBe('image/png');
  });

  it("drops a session's own least recently used files past its budget, never the newest", () => {
    const { store } = storeOf(10_000, 250);
    const a = store.put({ owner: 'u', data: bytes(100), name: 'a' });
    const b = store.put({ owner: 'u', data: bytes(100), name: 'b' });
    store.get(a.id, 'u'); // a is now the most recently used
    const c = store.put({ owner: 'u', data: bytes(100), name: 'c' });
    expect(store.get(b.id, 'u')).toBeUndefined();
    expect(store.get(a.id, 'u')).toBeDefined();
    expect(store.get(c.id, 'u')).toBeDefined();
    expect(store.totalBytes).toBe(200);
    const huge = store.put({ owner: 'u', data: bytes(400), name: 'huge' });
    expect(store.size).toBe(1);
    expect(store.get(huge.id, 'u')).toBeDefined();
    store.delete(huge.id);
    expect(store.totalBytes).toBe(0);
  });

  it("never drops another session's files for a session over its budget", () => {
    const { store } = storeOf(10_000, 300);
    const theirs = store.put({ owner: 'bob', data: bytes(100), name: 'theirs' });
    for (let i = 0; i < 11; i++) store.put({ owner: 'alice', data: bytes(100), name: `a${i}` });
    expect(store.get(theirs.id, 'bob')).toBeDefined();
    expect(store.bytesOf('alice')).toBe(300);
  });

  it('refuses an upload when the store is full of sessions still in use, and takes room from idle ones', () => {
    const { store, clock } = storeOf(300, 200);
    const bobs = store.put({ owner: 'bob', data: bytes(200), name: 'b' });
    clock.now = 10 * MINUTE;
    store.put({ owner: 'carol', data: bytes(100), name: 'c' });
    expect(store.reserve('alice', 100)).toEqual({ ok: false, reason: 'store_full' });
    expect(store.totalBytes).toBe(300);
    // Bob has not used the playground for 30 minutes: his image may go, Carol's (used 20 minutes ago) stays.
    clock.now = 30 * MINUTE;
    const held = mustReserve(store, 'alice', 100);
    expect(store.get(bobs.id, 'bob')).toBeUndefined();
    expect(store.bytesOf('carol')).toBe(100);
    const file = held.commit({ owner: 'alice', data: bytes(60), name: 'a' });
    expect(store.get(file.id, 'alice')?.data.byteLength).toBe(60);
    expect(store.totalBytes).toBe(160);
  });

  it("counts uploads still arriving against the session's budget and the store's", () => {
    const { store } = storeOf(250, 200);
    const first = mustReserve(store, 'alice', 100);
    mustReserve(store, 'alice', 100);
    expect(store.reserve('alice', 1)).toEqual({ ok: false, reason: 'session_busy' });
    expect(store.reserve('bob', 100)).toEqual({ ok: false, reason: 'store_full' });
    first.release();
    first.release(); // twice is harmless
    expect(store.reserve('bob', 100).ok).toBe(true);
  });

  it('keeps a result even when the store stays over its cap (the scheduler bounds results)', () => {
    const { store } = storeOf(100, 100);
    store.put({ owner: 'bob', data: bytes(100), name: 'b' });
    const result = store.put({ owner: 'alice', data: bytes(50), name: 'r' });
    expect(store.get(result.id, 'alice')).toBeDefined();
    expect(store.bytesOf('bob')).toBe(100);
  });
});

describe('servedMime', () => {
  it('serves sniffed pictures inline and anything else (SVG, HTML, unknown) as a download', () => {
    expect(servedMime(PNG)).toEqual({ mime: 'image/png', inline: true });
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>');
    expect(servedMime(svg)).toEqual({ mime: 'application/octet-stream', inline: false });
    const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
    expect(servedMime(html)).toEqual({ mime: 'application/octet-stream', inline: false });
  });
});
