import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from './static-files.js';
import { FONT_BLOCKS, FONT_WEIGHTS, blockName, fontFile, fontPath, sliceHolds } from './web-font.js';

/** The sfnt inside a WOFF 1.0 file, tables inflated. */
function unwrapWoff(woff: Buffer): Map<string, Buffer> {
  expect(woff.toString('latin1', 0, 4)).toBe('wOFF');
  expect(woff.readUInt32BE(8)).toBe(woff.length);
  const tables = new Map<string, Buffer>();
  for (let i = 0; i < woff.readUInt16BE(12); i += 1) {
    const at = 44 + i * 20;
    const [offset, stored, length] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)];
    const data = woff.subarray(offset, offset + stored);
    tables.set(woff.toString('latin1', at, at + 4), stored < length ? inflateSync(data) : data);
  }
  return tables;
}

/** Code point -> glyph id from a format 12 cmap subtable. */
function cmap12(cmap: Buffer): Map<number, number> {
  const map = new Map<number, number>();
  for (let i = 0; i < cmap.readUInt16BE(2); i += 1) {
    const offset = cmap.readUInt32BE(8 + i * 8);
    if (cmap.readUInt16BE(offset) !== 12) continue;
    for (let g = 0; g < cmap.readUInt32BE(offset + 12); g += 1) {
      const at = offset + 16 + g * 12;
      for (let cp = cmap.readUInt32BE(at); cp <= cmap.readUInt32BE(at + 4); cp += 1) {
        map.set(cp, cmap.readUInt32BE(at + 8) + cp - cmap.readUInt32BE(at));
      }
    }
  }
  return map;
}

const glyphLength = (loca: Buffer, id: number) => loca.readUInt32BE(id * 4 + 4) - loca.readUInt32BE(id * 4);

describe('web font slices of Noto Sans SC', () => {
  it('core holds frequent hanzi and CJK punctuation, not rare hanzi or Latin', () => {
    const core = sliceHolds('core');
    expect(core).toBeDefined();
    for (const char of '你能做什么想试演示台，。？！「」') expect(core?.(char.codePointAt(0) ?? 0)).toBe(true);
    for (const char of 'A é 龘 㐀') expect(core?.(char.codePointAt(0) ?? 0)).toBe(false);
    // A rare hanzi is in exactly one block slice.
    const rare = '龘'.codePointAt(0) ?? 0;
    expect(FONT_BLOCKS.filter(([a]) => sliceHolds(blockName(a))?.(rare))).toHaveLength(1);
  });

  it('cuts the core slice: a WOFF holding the glyphs of its code points only, a tenth of the TTF', async () => {
    const file = await fontFile(fontPath(400, 'core'));
    expect(file?.type).toBe('font/woff');
    expect(file?.cacheControl).toMatch(/max-age=\d+/);
    expect(file?.body.length).toBeLessThan(1.2 * 1024 * 1024);
    const tables = unwrapWoff(file?.body ?? Buffer.alloc(0));
    expect([...tables.keys()]).toEqual(
      expect.arrayContaining(['cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp']),
    );
    expect(tables.has('vmtx')).toBe(false);
    const map = cmap12(tables.get('cmap') as Buffer);
    const loca = tables.get('loca') as Buffer;
    const zhong = map.get('中'.codePointAt(0) ?? 0);
    expect(zhong).toBeDefined();
    expect(glyphLength(loca, zhong ?? 0)).toBeGreaterThan(0);
    expect(map.has('龘'.codePointAt(0) ?? 0)).toBe(false);
    expect(map.has(0x41)).toBe(false);
    // The same request again is the same kept file.
    expect(await fontFile(fontPath(400, 'core'))).toBe(file);
  });

  it('knows only its own paths', () => {
    expect(fontFile('/fonts/noto-sans-sc-400-nope.woff')).toBeUndefined();
    expect(fontFile('/fonts/noto-sans-sc-300-core.woff')).toBeUndefined();
    expect(fontFile('/fonts/../package.json')).toBeUndefined();
  });

  it('style.css declares the same slices, every block before core, for every weight', async () => {
    const css = await readFile(`${PUBLIC_DIR}style.css`, 'utf8');
    const hex = (n: number) => n.toString(16).toUpperCase();
    const faces = [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => {
      const body = m[1] ?? '';
      return {
        weight: Number(/font-weight:\s*(\d+)/.exec(body)?.[1]),
        url: /url\('([^']+)'\)/.exec(body)?.[1],
        range: /unicode-range:\s*([^;]+);/.exec(body)?.[1],
      };
    });
    const expected = FONT_WEIGHTS.flatMap((weight) => [
      ...FONT_BLOCKS.map(([a, b]) => ({ weight, url: fontPath(weight, blockName(a)), range: `U+${hex(a)}-${hex(b)}` })),
      { weight, url: fontPath(weight, 'core'), range: 'U+2E80-9FFF, U+F900-FFEF, U+20000-3FFFF' },
    ]);
    expect(faces).toEqual(expected);
  });
});
