import type { Pipeline } from '../pipeline/pipeline.js';

/** What an adapter gets from the process: the shared pipeline, and the engine's pack list for banners. */
export interface AdapterRuntime {
  pipeline: Pipeline;
  engine: {
    packs(): Promise<{
      provider: string;
      packs: { name: string; version: string; origin: string; preferredFor: readonly string[] }[];
    }>;
  };
}
