import { describe, expect, it } from 'vitest';
import { readJanusConfig } from './janus-config.js';
import { ALT_PACK_DIR, MAIN_PACK_DIR, janusPack } from '../../../test/helpers/engine/janus-packs.js';

describe('Janus pack config', () => {
  it('reads the dimensions of the main tiny pack from its files', async () => {
    const c = await readJanusConfig(janusPack(MAIN_PACK_DIR));
    expect(c).toMatchObject({
      hidden: 128,
      layers: 4,
      kvHeads: 4,
      headDim: 32,
      imageVocab: 128,
      numImageTokens: 64,
      grid: 8,
    });
    expect(c.vision).toMatchObject({ size: 64, normalize: true, background: [127, 127, 127] });
    expect(c.tags.imageStart).toBe('<begin_of_image>');
  });

  it('reads other dimensions from the alternative pack', async () => {
    const c = await readJanusConfig(janusPack(ALT_PACK_DIR));
    expect(c).toMatchObject({
      hidden: 48,
      layers: 3,
      kvHeads: 2,
      headDim: 24,
      imageVocab: 64,
      numImageTokens: 36,
      grid: 6,
    });
    expect(c.vision.size).toBe(48);
  });
});
