// The ESRGAN (RDN) super-resolution models that ship as tfjs layers models inside
// @upscalerjs/esrgan-slim and -medium 1.0.0 (MIT; weights in the package, no
// download). Listed as npm packs so `models list` and `models verify` show them.
import type { NpmPackDescriptor } from '../npm-packs.js';

export const ESRGAN_ARCHITECTURE = 'esrgan-rdn';
/** The model scales both packages ship that the upscaler uses (x8 is left out: past the output limits from 1 MP). */
export const ESRGAN_SCALES = [2, 3, 4] as const;
export type EsrganScale = (typeof ESRGAN_SCALES)[number];
export const ESRGAN_PACKS = ['esrgan-slim', 'esrgan-medium'] as const;
export type EsrganPack = (typeof ESRGAN_PACKS)[number];

type Hashes = Record<EsrganScale, [model: string, modelBytes: number, weights: string, weightsBytes: number]>;

function descriptor(pack: EsrganPack, description: string, hashes: Hashes): NpmPackDescriptor {
  const files: NpmPackDescriptor['manifest']['files'] = {};
  for (const scale of ESRGAN_SCALES) {
    const [model, modelBytes, weights, weightsBytes] = hashes[scale];
    files[`x${scale}`] = { path: `models/x${scale}/model.json`, sha256: model, bytes: modelBytes };
    files[`x${scale}-weights`] = {
      path: `models/x${scale}/group1-shard1of1.bin`,
      sha256: weights,
      bytes: weightsBytes,
    };
  }
  return {
    packageName: `@upscalerjs/${pack}`,
    manifest: {
      name: pack,
      version: '1.0.0',
      description,
      tasks: ['edit'],
      architecture: ESRGAN_ARCHITECTURE,
      files,
      license: 'MIT',
      source: `npm:@upscalerjs/${pack}`,
    },
  };
}

// Hashes of the 1.0.0 packages; a newer package version shows as a mismatch in `models verify`.
export const ESRGAN_NPM_PACKS: readonly NpmPackDescriptor[] = [
  descriptor('esrgan-slim', 'ESRGAN slim (RDN, 2 blocks) super-resolution x2/x3/x4 for upscaling, tfjs layers models', {
    2: [
      '8efb488c2caed0196a6163e3f06798f9245e92623ffd50654a26c372e09150ea',
      12336,
      '5cb464ae4d390ce0a771afd5feaf60fbfcdb18ab48a56db98cdf6b88202369de',
      888300,
    ],
    3: [
      '642208758cf6c42a4f88745894b45cc03776681a46027b85963f01fe003e9917',
      12336,
      '9d344609abd1e29bd3924f9c4e9ffaa1aee6be7c3586bab0f52863597858a2ba',
      907260,
    ],
    4: [
      '3a2eaa642232567e7d2a2e7638c9704f42f63f355fc656c18aa78bf2da1d903d',
      12336,
      '82637daaf3ba024df5e9da2389e8992e7a6e8a992ba6268ce6bc490c92e9516e',
      933804,
    ],
  }),
  descriptor(
    'esrgan-medium',
    'ESRGAN medium (RDN, 10 blocks) super-resolution x2/x3/x4 for upscaling, tfjs layers models',
    {
      2: [
        '197b99be1f385b9f7914ecd8fd6e9ebf65833859807aae90666188dbc39cbf93',
        30051,
        '6a210f30f209192bad4650ea4f619adadbd36228e998aa49a4195c6e7ec70761',
        2772940,
      ],
      3: [
        'fcf99e8e6b98b19e496d4ceb9d381b0d1236a6e62fbc3952eedf70b9596d8a8a',
        30051,
        'e164821f4251957f5037fb93d1e9a719c17d4346e102bf24d8e8fb60757df48b',
        2791900,
      ],
      4: [
        '6abcf2a497bb361a9b75afbab390a2bc0df88236c7b7c96edc1c2cdbdbec8e3c',
        30051,
        'ed791214e78e498dd42ce5da0e16b78a1047732e5d99467aaead2a90cb566a69',
        2818444,
      ],
    },
  ),
];
