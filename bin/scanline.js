#!/usr/bin/env node
// Scanline runs its TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/bots/cli.ts');
process.exitCode = await main(process.argv.slice(2));
