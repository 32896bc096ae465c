// Vitest global setup: starts each run with an empty fault table and prints it at the end.
import { clearFaultRows, formatFaultTable, readFaultRows } from './fault-table.js';

export default function setup(): () => void {
  clearFaultRows();
  return () => {
    const rows = readFaultRows();
    if (rows.length > 0) console.log(`\n# Fault suite\n\n${formatFaultTable(rows)}\n`);
  };
}
