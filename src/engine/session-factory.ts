// Creates every ORT session with one set of options, and owns the CUDA -> CPU
// fallback: ORT throws instead of falling back, so we retry on CPU once and
// remember it for every later session.
import type { InferenceSession } from 'onnxruntime-node';
import { identityModel } from './identity-model.js';
import type { EngineLog } from './engine-log.js';
import type { SessionFactory } from './task-runner.js';
import type { EngineOptions, ExecutionProvider } from './types.js';

type SessionOptions = InferenceSession.SessionOptions;

/** The part of the onnxruntime-node module we use; injectable so tests can fake a CUDA failure. */
export interface OrtLike {
  InferenceSession: {
    create(model: string | Uint8Array, options?: SessionOptions): Promise<InferenceSession>;
  };
}

export interface EngineSessionFactory extends SessionFactory {
  /** The provider sessions run on now: the asked-for one until a CUDA attempt failed. */
  readonly provider: ExecutionProvider;
  /** Opens and releases a tiny in-memory session so `provider` is known before any pack loads. */
  probe(): Promise<ExecutionProvider>;
}

/** The session options for one provider (exported so the CLI can print them). */
export function sessionOptionsFor(opts: EngineOptions, provider: ExecutionProvider): SessionOptions {
  const spin = opts.spinning ? '1' : '0';
  return {
    executionProviders: provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: opts.intraOpThreads,
    // Our graphs run sequentially; inter-op threads would only idle.
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // The arena and memory patterns reuse buffers across runs of the same shapes.
    enableCpuMemArena: true,
    enableMemPattern: true,
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
}

export function createSessionFactory(opts: EngineOptions, log: EngineLog, ort?: OrtLike): EngineSessionFactory {
  let provider: ExecutionProvider = opts.device;
  let loaded: Promise<OrtLike> | undefined = ort ? Promise.resolve(ort) : undefined;

  // Loaded lazily so importing the engine on the main thread never loads the native binding.
  const runtime = (): Promise<OrtLike> => (loaded ??= loadOnnxRuntime());

  async function open(model: string | Uint8Array): Promise<InferenceSession> {
    const { InferenceSession } = await runtime();
    if (provider === 'cuda') {
      try {
        return await InferenceSession.create(model, sessionOptionsFor(opts, 'cuda'));
      } catch (cudaError) {
        // A model that also fails on CPU is a bad model, not a missing GPU: keep CUDA then.
        const session = await InferenceSession.create(model, sessionOptionsFor(opts, 'cpu'));
        if (provider === 'cuda') {
          provider = 'cpu';
          log('warn', `CUDA unavailable (${firstLine(cudaError)}); running on CPU`, {
            asked: 'cuda',
            using: 'cpu',
          });
        }
        return session;
      }
    }
    return InferenceSession.create(model, sessionOptionsFor(opts, 'cpu'));
  }

  return {
    get provider() {
      return provider;
    },
    create: (modelPath: string) => open(modelPath),
    async probe() {
      const session = await open(identityModel({ elemType: 'float32', dims: [1] }));
      await session.release();
      return provider;
    },
  };
}

async function loadOnnxRuntime(): Promise<OrtLike> {
  const mod = await import('onnxruntime-node');
  // Node gives the CJS exports as `default`; tsx honours `__esModule` and gives them as named exports.
  const named = mod as unknown as Partial<OrtLike>;
  return named.InferenceSession ? (named as OrtLike) : mod.default;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
