import { describe, expect, it } from 'vitest';
import { formatFaultTable } from './fault-table.js';

describe('fault table', () => {
  it('prints one row per fault, sorted, with a pass count', () => {
    const table = formatFaultTable([
      { fault: 'b | pipe', expected: 'x', observed: 'y\nz', pass: false },
      { fault: 'a', expected: 'x', observed: 'y', pass: true },
    ]);
    const lines = table.split('\n');
    expect(lines[2]).toBe('| a | x | y | yes |');
    expect(lines[3]).toBe('| b \\| pipe | x | y z | NO |');
    expect(lines.at(-1)).toBe('faults: 1/2 passed');
  });
});
