// The last lines of a CI run: totals, then every failed test or file with the start of its
// message, and any error that failed the run outside a test (vitest's "Unhandled Errors").
// CI logs are often read from the end only, so what failed must be there, after the fault table.
// Usage: node scripts/ci-summary.mjs <vitest exit code> [<vitest json report>] [<captured output>]
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [status = '0', reportPath = 'test-artifacts/vitest.json', outputPath = 'test-artifacts/vitest-output.txt'] =
  process.argv.slice(2);
const vitestStatus = Number(status);

// eslint-disable-next-line no-control-regex
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
const firstLines = (text, n) =>
  plain(text)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, n)
    .map((line) => `    ${line}`)
    .join('\n');

if (!existsSync(reportPath)) {
  console.log(`vitest exited ${vitestStatus} and wrote no report (${reportPath}): it did not get to run the tests.`);
  process.exit(vitestStatus || 1);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const failed = [];
for (const file of report.testResults ?? []) {
  const where = relative(process.cwd(), file.name);
  const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
  for (const t of failedTests)
    failed.push(`FAILED ${where} > ${t.fullName}\n${firstLines(t.failureMessages.join('\n'), 8)}`);
  // A file that failed outside its tests (a hook, an import).
  if (file.status === 'failed' && failedTests.length === 0)
    failed.push(`FAILED ${where} (outside a test)\n${firstLines(file.message ?? '', 8)}`);
}

let unhandled = '';
if (existsSync(outputPath)) {
  const output = plain(readFileSync(outputPath, 'utf8'));
  const start = output.search(/Unhandled (Errors?|Rejection)/);
  if (start >= 0) unhandled = output.slice(start).split('\n').slice(0, 40).join('\n');
}

console.log('\n# Test summary\n');
for (const line of failed) console.log(line);
if (unhandled) console.log(`\nvitest reported errors outside the tests:\n${unhandled}`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);

const ok = vitestStatus === 0 && report.numFailedTests === 0 && report.numPassedTests > 0 && failed.length === 0;
if (!ok && failed.length === 0 && !unhandled) console.log(`vitest exited ${vitestStatus}; see its output above.`);
process.exit(ok ? 0 : 1);
