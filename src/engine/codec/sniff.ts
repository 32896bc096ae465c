/** What the first bytes of a file say it is; declared MIME types are never trusted. */
export type SniffedType = 'png' | 'jpeg' | 'gif' | 'webp' | 'tiff' | 'avif' | 'heif' | 'bmp' | 'svg' | 'unknown';

const TEXT_PEEK_BYTES = 4096;

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((value, i) => bytes[offset + i] === value);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  if (bytes.length < end) return '';
  return String.fromCharCode(...bytes.subarray(start, end));
}

function readU32BE(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] ?? 0) * 0x1000000 +
    ((bytes[offset + 1] ?? 0) << 16) +
    ((bytes[offset + 2] ?? 0) << 8) +
    (bytes[offset + 3] ?? 0)
  );
}

function readU32LE(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] ?? 0) +
    ((bytes[offset + 1] ?? 0) << 8) +
    ((bytes[offset + 2] ?? 0) << 16) +
    (bytes[offset + 3] ?? 0) * 0x1000000
  );
}

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** ISO-BMFF `ftyp` box: the major brand, then compatible brands decide AVIF vs HEIF. */
function sniffFtyp(bytes: Uint8Array): 'avif' | 'heif' | undefined {
  if (ascii(bytes, 4, 8) !== 'ftyp') return undefined;
  const boxSize = Math.min(readU32BE(bytes, 0), bytes.length, 256);
  const brands: string[] = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'heif';
  return undefined;
}

/** BMP has only a 2-byte magic, so also require a known DIB header size. */
function isBmp(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0x42, 0x4d]) || bytes.length < 18) return false;
  return [12, 40, 52, 56, 64, 108, 124].includes(readU32LE(bytes, 14));
}

/** The leading text of a file, without BOM, whitespace, XML declaration, comments or doctype. */
function leadingMarkup(bytes: Uint8Array): string | undefined {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, TEXT_PEEK_BYTES));
  text = text.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('<')) return undefined;
  // Prolog items may repeat in any order before the root element.
  const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!doctype[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*/i;
  for (let match = prolog.exec(text); match; match = prolog.exec(text)) {
    if (/^<!doctype\s+html/i.test(match[0])) return text; // keep: this is HTML
    text = text.slice(match[0].length);
  }
  return text;
}

export function sniffImageType(bytes: Uint8Array): SniffedType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  // Classic TIFF (42) and BigTIFF (43), both byte orders.
  if (
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]) ||
    startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])
  ) {
    return 'tiff';
  }
  const ftyp = sniffFtyp(bytes);
  if (ftyp) return ftyp;
  if (isBmp(bytes)) return 'bmp';
  const markup = leadingMarkup(bytes);
  if (markup !== undefined && /^<(?:[a-z_][\w.-]*:)?svg[\s>/]/i.test(markup)) return 'svg';
  return 'unknown';
}

/** A web page where a file was expected (Slack answers its login page when the token lacks files:read). */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const markup = leadingMarkup(bytes);
  return markup !== undefined && /^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(markup);
}

export const MIME_BY_TYPE: Readonly<Record<Exclude<SniffedType, 'unknown'>, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heif: 'image/heif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
};
