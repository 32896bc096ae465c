import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';

const deflateAsync = promisify(deflate);
const require = createRequire(import.meta.url);

/** The weights the page uses: 400 for text, 700 for headings and buttons (550-650 map to it). */
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

const FILES: Record<FontWeight, string> = {
  400: '400Regular/NotoSansSC_400Regular.ttf',
  700: '700Bold/NotoSansSC_700Bold.ttf',
};

/**
 * Code point blocks of the CJK scripts, one web font file each (besides `core`). The browser
 * fetches a block only when the page shows a character that `core` lacks. style.css lists the
 * same ranges (a test keeps them equal).
 */
export const FONT_BLOCKS: readonly (readonly [number, number])[] = [
  [0x2e80, 0x33ff],
  [0x3400, 0x3bff],
  [0x3c00, 0x43ff],
  [0x4400, 0x4dff],
  [0x4e00, 0x55ff],
  [0x5600, 0x5dff],
  [0x5e00, 0x65ff],
  [0x6600, 0x6dff],
  [0x6e00, 0x75ff],
  [0x7600, 0x7dff],
  [0x7e00, 0x85ff],
  [0x8600, 0x8dff],
  [0x8e00, 0x95ff],
  [0x9600, 0x9fff],
  [0xf900, 0xffef],
  [0x20000, 0x3ffff],
];

/** CJK punctuation and full-width forms, in `core` because nearly every Chinese sentence has some. */
const CORE_RANGES: readonly (readonly [number, number])[] = [
  [0x3000, 0x303f],
  [0xff00, 0xffef],
];

/** The 3,755 hanzi of GB 2312 level 1 (the frequent ones, ~99.7% of running text), from the encoding itself. */
function frequentHanzi(): Set<number> {
  const decoder = new TextDecoder('gb2312');
  const out = new Set<number>();
  for (let row = 0xb0; row <= 0xd7; row += 1) {
    for (let cell = 0xa1; cell <= 0xfe; cell += 1) {
      const char = decoder.decode(Uint8Array.of(row, cell));
      const cp = char.codePointAt(0) ?? 0;
      if (char.length === 1 && cp >= 0x3400) out.add(cp);
    }
  }
  return out;
}

let frequent: Set<number> | undefined;

/** Which code points a slice holds: `core` (punctuation + frequent hanzi) or one block minus `core`. */
export function sliceHolds(slice: string): ((cp: number) => boolean) | undefined {
  frequent ??= frequentHanzi();
  const hanzi = frequent;
  const inCore = (cp: number) => hanzi.has(cp) || CORE_RANGES.some(([a, b]) => cp >= a && cp <= b);
  if (slice === 'core') return inCore;
  const block = FONT_BLOCKS.find(([a]) => blockName(a) === slice);
  if (!block) return undefined;
  const [a, b] = block;
  return (cp) => cp >= a && cp <= b && !inCore(cp);
}

export function blockName(start: number): string {
  return `u${start.toString(16)}`;
}

/** URL path of one slice of one weight. */
export function fontPath(weight: FontWeight, slice: string): string {
  return `/fonts/noto-sans-sc-${weight}-${slice}.woff`;
}

export interface FontFile {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

const cache = new Map<string, Promise<FontFile>>();

/**
 * The web font at this URL path, cut from the package's TTF on first request and kept: a whole
 * weight is 10.5 MB, the `core` slice about a tenth of it. Undefined when the path names none.
 */
export function fontFile(urlPath: string): Promise<FontFile> | undefined {
  const match = /^\/fonts\/noto-sans-sc-(\d+)-(\w+)\.woff$/.exec(urlPath);
  if (!match) return undefined;
  const weight = Number(match[1]) as FontWeight;
  const slice = match[2] as string;
  const holds = sliceHolds(slice);
  if (!FONT_WEIGHTS.includes(weight) || !holds) return undefined;
  let file = cache.get(urlPath);
  if (!file) {
    file = makeFontFile(weight, holds);
    // A failed cut (package missing) is tried again on the next request.
    file.catch(() => cache.delete(urlPath));
    cache.set(urlPath, file);
  }
  return file;
}

async function makeFontFile(weight: FontWeight, holds: (cp: number) => boolean): Promise<FontFile> {
  const dir = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const ttf = await readFile(path.join(dir, FILES[weight]));
  const body = await toWoff(subsetFont(ttf, holds));
  return {
    body,
    type: 'font/woff',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    // Not versioned in its URL, so a week and then a revalidation (the ETag answers 304).
    cacheControl: 'public, max-age=604800',
  };
}

interface TableRecord {
  offset: number;
  length: number;
}

function tableDirectory(font: Buffer): Map<string, TableRecord> {
  const tables = new Map<string, TableRecord>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i += 1) {
    const at = 12 + i * 16;
    tables.set(font.toString('latin1', at, at + 4), {
      offset: font.readUInt32BE(at + 8),
      length: font.readUInt32BE(at + 12),
    });
  }
  return tables;
}

function table(font: Buffer, tables: Map<string, TableRecord>, tag: string): Buffer {
  const record = tables.get(tag);
  if (!record) throw new Error(`font has no ${tag} table`);
  return font.subarray(record.offset, record.offset + record.length);
}

/** Code point -> glyph id from the cmap's format 12 subtable (every code point, not only the BMP). */
function readCmap(cmap: Buffer): Map<number, number> {
  const map = new Map<number, number>();
  const count = cmap.readUInt16BE(2);
  for (let i = 0; i < count; i += 1) {
    const offset = cmap.readUInt32BE(4 + i * 8 + 4);
    if (cmap.readUInt16BE(offset) !== 12) continue;
    const groups = cmap.readUInt32BE(offset + 12);
    for (let g = 0; g < groups; g += 1) {
      const at = offset + 16 + g * 12;
      const start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      const glyph = cmap.readUInt32BE(at + 8);
      for (let cp = start; cp <= end; cp += 1) map.set(cp, glyph + cp - start);
    }
    return map;
  }
  throw new Error('font has no format 12 cmap');
}

/** Runs of consecutive code points with consecutive glyph ids: [start, end, first glyph]. */
function groupsOf(entries: [number, number][]): [number, number, number][] {
  const groups: [number, number, number][] = [];
  for (const [cp, glyph] of entries) {
    const last = groups.at(-1);
    if (last && cp === last[1] + 1 && glyph === last[2] + cp - last[0]) last[1] = cp;
    else groups.push([cp, cp, glyph]);
  }
  return groups;
}

function cmapFormat4(groups: [number, number, number][]): Buffer | undefined {
  const segments = groups.filter(([start]) => start < 0xffff).map(([s, e, g]) => [s, Math.min(e, 0xfffe), g]);
  segments.push([0xffff, 0xffff, 0]);
  const segCount = segments.length;
  const length = 16 + segCount * 8;
  // Too many segments for a 16-bit length: the format 12 subtable alone maps them.
  if (length > 0xffff) return undefined;
  const out = Buffer.alloc(length);
  const entrySelector = Math.floor(Math.log2(segCount));
  const searchRange = 2 * 2 ** entrySelector;
  out.writeUInt16BE(4, 0);
  out.writeUInt16BE(length, 2);
  out.writeUInt16BE(segCount * 2, 6);
  out.writeUInt16BE(searchRange, 8);
  out.writeUInt16BE(entrySelector, 10);
  out.writeUInt16BE(segCount * 2 - searchRange, 12);
  segments.forEach(([start, end, glyph], i) => {
    out.writeUInt16BE(end as number, 14 + i * 2);
    out.writeUInt16BE(start as number, 16 + segCount * 2 + i * 2);
    const delta = start === 0xffff ? 1 : ((glyph as number) - (start as number)) & 0xffff;
    out.writeUInt16BE(delta, 16 + segCount * 4 + i * 2);
  });
  return out;
}

function cmapFormat12(groups: [number, number, number][]): Buffer {
  const out = Buffer.alloc(16 + groups.length * 12);
  out.writeUInt16BE(12, 0);
  out.writeUInt32BE(out.length, 4);
  out.writeUInt32BE(groups.length, 12);
  groups.forEach(([start, end, glyph], i) => {
    out.writeUInt32BE(start, 16 + i * 12);
    out.writeUInt32BE(end, 20 + i * 12);
    out.writeUInt32BE(glyph, 24 + i * 12);
  });
  return out;
}

function buildCmap(entries: [number, number][]): Buffer {
  const groups = groupsOf(entries);
  const subtables: [number, number, Buffer][] = [];
  const bmp = cmapFormat4(groups);
  if (bmp) subtables.push([3, 1, bmp]);
  subtables.push([3, 10, cmapFormat12(groups)]);
  const header = Buffer.alloc(4 + subtables.length * 8);
  header.writeUInt16BE(subtables.length, 2);
  let offset = header.length;
  subtables.forEach(([platform, encoding, data], i) => {
    header.writeUInt16BE(platform, 4 + i * 8);
    header.writeUInt16BE(encoding, 6 + i * 8);
    header.writeUInt32BE(offset, 8 + i * 8);
    offset += data.length;
  });
  return Buffer.concat([header, ...subtables.map(([, , data]) => data)]);
}

/** Glyph ids a composite glyph draws from (they must stay in the subset). */
function components(glyph: Buffer): number[] {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const ids: number[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(at);
    ids.push(glyph.readUInt16BE(at + 2));
    at += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) at += 2;
    else if (flags & 0x0040) at += 4;
    else if (flags & 0x0080) at += 8;
    if (!(flags & 0x0020)) return ids;
  }
}

/** Tables a horizontal page never reads. */
const DROPPED = new Set(['BASE', 'vhea', 'vmtx', 'DSIG', 'hdmx', 'LTSH', 'VDMX']);

/**
 * A TrueType font holding only the glyphs of the code points `holds` accepts (plus .notdef and
 * unencoded glyphs that substitutions reach). Glyph ids stay as they are, with the other glyphs
 * empty, so hmtx, GSUB and GPOS stay valid unchanged.
 */
export function subsetFont(font: Buffer, holds: (cp: number) => boolean): Buffer {
  const tables = tableDirectory(font);
  const head = Buffer.from(table(font, tables, 'head'));
  const numGlyphs = table(font, tables, 'maxp').readUInt16BE(4);
  const longLoca = head.readInt16BE(50) === 1;
  const loca = table(font, tables, 'loca');
  const glyf = table(font, tables, 'glyf');
  const glyphAt = (id: number) =>
    longLoca
      ? glyf.subarray(loca.readUInt32BE(id * 4), loca.readUInt32BE(id * 4 + 4))
      : glyf.subarray(loca.readUInt16BE(id * 2) * 2, loca.readUInt16BE(id * 2 + 2) * 2);

  const all = readCmap(table(font, tables, 'cmap'));
  const entries = [...all].filter(([cp]) => holds(cp)).sort((a, b) => a[0] - b[0]);
  const encoded = new Set(all.values());
  const keep = new Set<number>([0, ...entries.map(([, glyph]) => glyph)]);
  // Glyphs no code point maps to are reached only through GSUB (a few hundred): every slice keeps them.
  for (let id = 0; id < numGlyphs; id += 1) if (!encoded.has(id)) keep.add(id);
  const pending = [...keep];
  while (pending.length > 0) {
    for (const part of components(glyphAt(pending.pop() as number))) {
      if (!keep.has(part)) {
        keep.add(part);
        pending.push(part);
      }
    }
  }

  const parts: Buffer[] = [];
  const newLoca = Buffer.alloc((numGlyphs + 1) * 4);
  let size = 0;
  for (let id = 0; id < numGlyphs; id += 1) {
    newLoca.writeUInt32BE(size, id * 4);
    if (!keep.has(id)) continue;
    const data = glyphAt(id);
    const padded = (data.length + 3) & ~3;
    parts.push(data, Buffer.alloc(padded - data.length));
    size += padded;
  }
  newLoca.writeUInt32BE(size, numGlyphs * 4);
  head.writeInt16BE(1, 50);
  head.writeUInt32BE(0, 8);

  const out = new Map<string, Buffer>();
  for (const tag of tables.keys()) {
    if (!DROPPED.has(tag)) out.set(tag, table(font, tables, tag));
  }
  out.set('head', head);
  out.set('loca', newLoca);
  out.set('glyf', Buffer.concat(parts));
  out.set('cmap', buildCmap(entries));
  return assemble(font.readUInt32BE(0), out);
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  for (let at = 0; at < padded.length; at += 4) sum = (sum + padded.readUInt32BE(at)) >>> 0;
  return sum;
}

const pad4 = (n: number) => (n + 3) & ~3;

/** An sfnt from its tables, with checksums and head.checkSumAdjustment set. */
function assemble(flavor: number, tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const entrySelector = Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + count * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(2 ** entrySelector * 16, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(count * 16 - 2 ** entrySelector * 16, 10);
  const body: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) as Buffer;
    const at = 12 + i * 16;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(checksum(data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(data.length, at + 12);
    body.push(data, Buffer.alloc(pad4(data.length) - data.length));
    offset += pad4(data.length);
  });
  const font = Buffer.concat([header, ...body]);
  const headAt = font.readUInt32BE(12 + tags.indexOf('head') * 16 + 8);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headAt + 8);
  return font;
}

/** WOFF 1.0: each table deflated on libuv's threads, so the event loop only copies bytes. */
export async function toWoff(font: Buffer): Promise<Buffer> {
  const tables = tableDirectory(font);
  const tags = [...tables.keys()];
  const entries = await Promise.all(
    tags.map(async (tag) => {
      const record = tables.get(tag) as TableRecord;
      const data = font.subarray(record.offset, record.offset + record.length);
      const packed = await deflateAsync(data, { level: 9 });
      return { tag, data, stored: packed.length < data.length ? packed : data, sum: checksum(data) };
    }),
  );
  const header = Buffer.alloc(44 + entries.length * 20);
  const body: Buffer[] = [];
  let offset = header.length;
  let sfntSize = 12 + entries.length * 16;
  entries.forEach((e, i) => {
    const at = 44 + i * 20;
    header.write(e.tag, at, 'latin1');
    header.writeUInt32BE(offset, at + 4);
    header.writeUInt32BE(e.stored.length, at + 8);
    header.writeUInt32BE(e.data.length, at + 12);
    header.writeUInt32BE(e.sum, at + 16);
    body.push(e.stored, Buffer.alloc(pad4(e.stored.length) - e.stored.length));
    offset += pad4(e.stored.length);
    sfntSize += pad4(e.data.length);
  });
  header.write('wOFF', 0, 'latin1');
  header.writeUInt32BE(font.readUInt32BE(0), 4);
  header.writeUInt32BE(offset, 8);
  header.writeUInt16BE(entries.length, 12);
  header.writeUInt32BE(sfntSize, 16);
  header.writeUInt16BE(1, 20);
  return Buffer.concat([header, ...body]);
}
