// Emscripten builds (opencv.js, the tfjs wasm backend) add process-wide
// `uncaughtException` / `unhandledRejection` handlers that rethrow or abort:
// in the long-lived inference worker one stray rejection would then kill every
// model. We let them load, then take those handlers off again.

type Listener = (...args: unknown[]) => void;

function current(): { exception: Listener[]; rejection: Listener[] } {
  return {
    exception: process.listeners('uncaughtException') as Listener[],
    rejection: process.listeners('unhandledRejection') as Listener[],
  };
}

/** Runs `load` and removes any process handlers it added; returns what `load` returned. */
export async function withoutAddedProcessHandlers<T>(load: () => T | Promise<T>): Promise<T> {
  const before = current();
  try {
    return await load();
  } finally {
    const after = current();
    for (const l of after.exception) if (!before.exception.includes(l)) process.removeListener('uncaughtException', l);
    for (const l of after.rejection) if (!before.rejection.includes(l)) process.removeListener('unhandledRejection', l);
  }
}
