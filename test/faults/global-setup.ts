// Vitest global setup: gives each run its own fault rows file and prints the table at the end.
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { formatFaultTable, newFaultRowsFile, readFaultRows } from './fault-table.js';

export default function setup(project: TestProject): () => void {
  const file = newFaultRowsFile();
  project.provide('faultRowsFile', file);
  return () => {
    const rows = readFaultRows(file);
    rmSync(file, { force: true });
    if (rows.length > 0) console.log(`\n# Fault suite\n\n${formatFaultTable(rows)}\n`);
  };
}
