import { describe, expect, it } from 'vitest';
import { ImageStore, servedMime } from './image-store.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const bytes = (n: number) => new Uint8Array(n).fill(7);

describe('ImageStore', () => {
  it('gives a file only to the session that owns it', () => {
    const store = new ImageStore(1000);
    const file = store.put({ owner: 'alice', data: PNG, name: 'a.png' });
    expect(store.get(file.id, 'alice')?.name).toBe('a.png');
    expect(store.get(file.id, 'bob')).toBeUndefined();
    expect(file.mime).toBe('image/png');
  });

  it('drops the least recently used files once the byte budget is spent, never the newest', () => {
    const store = new ImageStore(250);
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
