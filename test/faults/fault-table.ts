// The fault suite's table: every fault test records one row (fault, expected, observed, pass),
// and the suite's global teardown prints them all as one table.
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject, it } from 'vitest';

export interface FaultRow {
  /** What was done to Scanline, e.g. "Discord: 500 on every edit for 10 s". */
  fault: string;
  /** What a user or operator should see. */
  expected: string;
  /** What happened, in the test's own measured words. */
  observed: string;
  pass: boolean;
}

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');

declare module 'vitest' {
  export interface ProvidedContext {
    /** This run's rows file: runs side by side (watch mode, two terminals) never share one. */
    faultRowsFile: string;
  }
}

/** A fresh rows file for one test run. */
export function newFaultRowsFile(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `faults-${process.pid}-${Date.now()}.jsonl`);
  rmSync(file, { force: true });
  return file;
}

export function readFaultRows(file: string): FaultRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FaultRow);
}

function recordFaultRow(row: FaultRow): void {
  // One short line per append: test files run in parallel processes.
  appendFileSync(inject('faultRowsFile'), `${JSON.stringify(row)}\n`);
}

/**
 * A fault test: `body` injects the fault, asserts with `expect` as any test does, and calls
 * `observe()` with what it measured. The row passes exactly when the test passes.
 */
export function fault(
  name: string,
  expected: string,
  body: (observe: (observed: string) => void) => Promise<void>,
  timeoutMs?: number,
): void {
  it(
    name,
    async () => {
      let observed = '';
      try {
        await body((text) => {
          observed = text;
        });
      } catch (error) {
        const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        recordFaultRow({ fault: name, expected, observed: observed ? `${observed}; ${reason}` : reason, pass: false });
        throw error;
      }
      recordFaultRow({ fault: name, expected, observed: observed || 'as expected', pass: true });
    },
    timeoutMs,
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** The rows as one Markdown table, sorted by fault. */
export function formatFaultTable(rows: readonly FaultRow[]): string {
  const sorted = [...rows].sort((a, b) => a.fault.localeCompare(b.fault));
  const lines = [
    '| fault | expected | observed | pass |',
    '|---|---|---|---|',
    ...sorted.map((r) => `| ${cell(r.fault)} | ${cell(r.expected)} | ${cell(r.observed)} | ${r.pass ? 'yes' : 'NO'} |`),
  ];
  const failed = rows.filter((r) => !r.pass).length;
  lines.push('', `faults: ${rows.length - failed}/${rows.length} passed`);
  return lines.join('\n');
}
