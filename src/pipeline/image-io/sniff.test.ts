import { describe, expect, it } from 'vitest';
import { noise, pseudoRandomBytes } from './fixtures/synthetic-images.js';
import { looksLikeHtml, sniffImageType } from './sniff.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function ftyp(major: string, compatible: string[]): Uint8Array {
  const body = [major, '\0\0\0\0', ...compatible].join('');
  const size = 8 + body.length;
  const out = new Uint8Array(size + 8);
  new DataView(out.buffer).setUint32(0, size);
  out.set(text('ftyp'), 4);
  out.set(text(body), 8);
  return out;
}

function bmpHeader(): Uint8Array {
  const out = new Uint8Array(54);
  out.set(text('BM'));
  new DataView(out.buffer).setUint32(2, 54, true);
  new DataView(out.buffer).setUint32(14, 40, true); // BITMAPINFOHEADER
  return out;
}

describe('sniffImageType', () => {
  it('recognises files that sharp writes', async () => {
    const image = noise(8, 8);
    expect(sniffImageType(await image.clone().png().toBuffer())).toBe('png');
    expect(sniffImageType(await image.clone().jpeg().toBuffer())).toBe('jpeg');
    expect(sniffImageType(await image.clone().gif().toBuffer())).toBe('gif');
    expect(sniffImageType(await image.clone().webp().toBuffer())).toBe('webp');
    expect(sniffImageType(await image.clone().tiff().toBuffer())).toBe('tiff');
    expect(sniffImageType(await image.clone().avif({ effort: 0 }).toBuffer())).toBe('avif');
  });

  it('recognises big-endian TIFF, HEIC brands and BMP from their headers', () => {
    expect(sniffImageType(new Uint8Array([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]))).toBe('tiff');
    expect(sniffImageType(ftyp('heic', ['mif1', 'heic']))).toBe('heif');
    expect(sniffImageType(ftyp('mif1', ['mif1', 'heic']))).toBe('heif');
    expect(sniffImageType(ftyp('mif1', ['mif1', 'avif']))).toBe('avif');
    expect(sniffImageType(ftyp('isom', ['isom', 'mp41']))).toBe('unknown'); // an MP4 video
    expect(sniffImageType(bmpHeader())).toBe('bmp');
    expect(sniffImageType(text('BMW is a car brand, not a bitmap'))).toBe('unknown');
  });

  it('finds SVG behind a BOM, XML declaration, comments and doctype', () => {
    expect(sniffImageType(text('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(
      sniffImageType(
        text(
          '\uFEFF  <?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n<svg width="10">',
        ),
      ),
    ).toBe('svg');
    expect(sniffImageType(text('<svg:svg xmlns:svg="http://www.w3.org/2000/svg">'))).toBe('svg');
    expect(sniffImageType(text('<!doctype html><html><body><svg></svg>'))).toBe('unknown');
    expect(sniffImageType(text('<svgfoo/>'))).toBe('unknown');
  });

  it('says unknown for empty, short, random and text input', () => {
    expect(sniffImageType(new Uint8Array(0))).toBe('unknown');
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBe('unknown');
    expect(sniffImageType(pseudoRandomBytes(4096, 3))).toBe('unknown');
    expect(sniffImageType(text('hello world'))).toBe('unknown');
  });
});

describe('looksLikeHtml', () => {
  it('spots web pages and leaves images and SVG alone', async () => {
    expect(looksLikeHtml(text('<!DOCTYPE html>\n<html lang="en">'))).toBe(true);
    expect(looksLikeHtml(text('  <html><head><title>Slack</title>'))).toBe(true);
    expect(looksLikeHtml(text('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(false);
    expect(looksLikeHtml(await noise(4, 4).png().toBuffer())).toBe(false);
  });
});
