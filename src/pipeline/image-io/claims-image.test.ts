import { describe, expect, it } from 'vitest';
import { claimsImage } from './claims-image.js';

describe('claimsImage', () => {
  it('trusts a declared MIME type over the name', () => {
    expect(claimsImage({ contentType: 'image/png', name: 'notes.txt' })).toBe(true);
    expect(claimsImage({ contentType: 'IMAGE/JPEG' })).toBe(true);
    expect(claimsImage({ contentType: 'application/pdf', name: 'scan.png' })).toBe(false);
  });

  it('falls back to the name when no type is declared', () => {
    expect(claimsImage({ name: 'photo.HEIC' })).toBe(true);
    expect(claimsImage({ contentType: null, name: 'cat.webp' })).toBe(true);
    expect(claimsImage({ name: 'archive.zip' })).toBe(false);
    expect(claimsImage({})).toBe(false);
  });
});
