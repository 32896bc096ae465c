import { runPlaygroundLoad, type LoadOptions, type LoadReport } from '../test/helpers/playground-load.js';

const USERS = Number(process.env['LOAD_USERS'] ?? 50);
const PER_USER = Number(process.env['LOAD_PER_USER'] ?? 4);
/** The check `npm run bench load` answers: under this load the main loop's p99 stays below this. */
const LOOP_P99_TARGET_MS = 20;

const f1 = (n: number) => n.toFixed(1);

/** One summary line, the form README quotes. */
export function loadSummary(r: LoadReport): string {
  return (
    `load: ${r.requests} requests from ${r.users} users, answered ${r.answered}, lost ${r.lost}, ` +
    `duplicated ${r.duplicated}, main-loop p99 ${f1(r.loop.p99)} ms, probe p95 ${Math.round(r.probe.p95)} ms, ` +
    `peak RSS ${r.peakRssMb} MB`
  );
}

function printReport(r: LoadReport): void {
  console.log('| task | requests | done | failed | submit -> final p50 s | max s |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [task, t] of Object.entries(r.byTask)) {
    console.log(`| ${task} | ${t.requests} | ${t.done} | ${t.failed} | ${f1(t.p50 / 1000)} | ${f1(t.max / 1000)} |`);
  }
  console.log('');
  console.log('| figure | value |');
  console.log('|---|---:|');
  const rows: [string, string][] = [
    ['requests (accepted / refused by the API)', `${r.requests} (${r.submitted} / ${r.refusedHttp})`],
    ['answered (exactly one final event)', `${r.answered} (done ${r.done}, failed ${r.failed})`],
    ['lost (no final event)', String(r.lost)],
    ['duplicated (two or more final events)', String(r.duplicated)],
    ['main-loop delay p50 / p99 / max ms', `${f1(r.loop.p50)} / ${f1(r.loop.p99)} / ${f1(r.loop.max)}`],
    [
      `probe GET / every 50 ms: p50 / p95 / max ms (n=${r.probe.count}, errors ${r.probe.errors})`,
      `${f1(r.probe.p50)} / ${f1(r.probe.p95)} / ${f1(r.probe.max)}`,
    ],
    [
      'main-thread GC: full count / total / longest ms, young total ms, heap after MB',
      `${r.gc.majorCount} / ${r.gc.majorMs} / ${f1(r.gc.majorMaxMs)}, ${r.gc.minorMs}, ${r.gc.heapUsedMb}`,
    ],
    ['peak RSS of the serving process MB', String(r.peakRssMb)],
    ['wall time for the load s', f1(r.wallMs / 1000)],
  ];
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  for (const [status, n] of Object.entries(r.failures)) console.log(`\nfailed x${n}: ${status}`);
}

/**
 * N users x M requests (OCR on a sign, "make it black and white" and "detect objects" on an
 * uploaded photo, tiny-janus generation) through the playground HTTP API of a real serving
 * process; its main-loop delay, a probe's latency, peak RSS, and whether each request got
 * exactly one final event.
 */
export async function loadBench(): Promise<void> {
  const opts: LoadOptions = {
    users: USERS,
    perUser: PER_USER,
    photoSide: Number(process.env['LOAD_PHOTO_SIDE'] ?? 1600),
    ...(process.env['LOAD_CPU_PROF'] ? { cpuProfDir: process.env['LOAD_CPU_PROF'] } : {}),
  };
  console.log(
    `\n## Load: ${USERS} users x ${PER_USER} requests through the playground API (photo ${opts.photoSide} px)\n`,
  );
  const report = await runPlaygroundLoad(opts);
  printReport(report);
  const ok = report.lost === 0 && report.duplicated === 0 && report.loop.p99 < LOOP_P99_TARGET_MS;
  console.log(`\n${loadSummary(report)}`);
  console.log(`load check (p99 < ${LOOP_P99_TARGET_MS} ms, nothing lost or duplicated): ${ok ? 'pass' : 'FAIL'}`);
}
