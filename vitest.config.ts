import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The fault suite's table (test/faults) is printed once at the end of a run.
    globalSetup: ['test/faults/global-setup.ts'],
    // CI keeps a machine-readable result beside the usual report.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-artifacts/vitest.json' },
  },
});
