import { describe, expect, it } from 'vitest';
import { packLookup } from '../../test/helpers/ocr-pack.js';
import { requirePack } from './require-pack.js';
import type { InstalledPack } from './task-runner.js';

const janus = {
  dir: '/packs/janus-tiny',
  manifest: { name: 'janus-tiny', tasks: ['understand'], architecture: 'janus' },
} as unknown as InstalledPack;

describe('requirePack', () => {
  it('gives the installed pack of the family, or model_missing naming the pack to pull', () => {
    expect(requirePack(packLookup([janus]), 'understand', 'janus', 'janus-pro-1b')).toBe(janus);
    expect(() => requirePack(packLookup([janus]), 'understand', 'qwen2-vl', 'qwen2-vl-2b')).toThrow(
      expect.objectContaining({ code: 'model_missing', params: { task: 'understand', pack: 'qwen2-vl-2b' } }),
    );
  });
});
