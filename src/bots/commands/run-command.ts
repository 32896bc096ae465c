import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { exitCodeFor, isErrorCode, isScanlineError, type ErrorCode } from '../../common/errors.js';
import { isTask, makeRequest, route, type Request } from '../../pipeline/index.js';
import { localImageRef } from '../local-image.js';
import type { Runtime } from '../runtime.js';
import type { CommandContext, ParsedArgs } from '../command-line.js';
import type { Printer } from './printer.js';
import { printPlan } from './plan-printer.js';

/** `scanline run`: returns the process exit code (README "Exit codes"). */
export async function runCommand(args: ParsedArgs, { config, log, print }: CommandContext): Promise<number> {
  const wantsJson = args.flag('json');
  const refuse = (code: ErrorCode, message: string): number => {
    if (wantsJson) print.out(JSON.stringify({ error: { code, message } }));
    else print.err(message);
    return exitCodeFor(code);
  };

  // The command table allows only known tasks; isTask narrows the type.
  const task = args.string('task');
  const seed = args.string('seed');
  const ar = args.string('ar');
  const images = args.strings('image');
  const flags = [...(seed !== undefined ? [`--seed ${seed}`] : []), ...(ar !== undefined ? [`--ar ${ar}`] : [])];
  const text = [...args.positionals, ...flags].join(' ').trim();
  if (!text && images.length === 0 && !task) {
    return refuse('usage', 'Give an instruction or an image. See `scanline run --help`.');
  }

  const outDir = resolve(args.requireString('out'));
  const request = makeRequest({
    from: { platform: 'cli', userId: 'cli', channelId: 'cli', isDM: true },
    text,
    images: images.map((p) => localImageRef(p, config.attachments.maxBytes)),
    ...(task !== undefined && isTask(task) ? { task } : {}),
  });

  if (args.flag('dry-run')) return dryRun(request, images, wantsJson, print, refuse);

  const t0 = performance.now();
  // Loaded here, not at the top: a dry run must not pay for the engine's modules.
  const [{ startRuntime }, { CliReplySink }] = await Promise.all([
    import('../runtime.js'),
    import('./cli-reply-sink.js'),
  ]);
  // Progress on stderr (a bar on a terminal, plain lines otherwise); --json shows none.
  const sink = new CliReplySink(outDir, wantsJson ? undefined : process.stderr);
  let runtime: Runtime;
  try {
    runtime = await startRuntime(config, log);
  } catch (error) {
    const code: ErrorCode = isScanlineError(error) ? error.code : 'internal';
    const message = isScanlineError(error)
      ? error.userMessage('en')
      : `The engine could not start: ${(error as Error).message}`;
    return refuse(code, message);
  }
  const engineStartMs = performance.now() - t0;
  try {
    const handle = runtime.pipeline.submit(request, sink);
    const stop = () => runtime.pipeline.cancel(handle.id, { userId: 'cli' });
    process.once('SIGINT', stop);
    await handle.done;
    process.off('SIGINT', stop);

    const { done, failed } = sink.result;
    if (wantsJson) {
      const body = {
        task: handle.plan.task,
        plan: handle.plan,
        outputs: sink.result.outputs,
        frames: sink.result.frames,
        text: done?.text ?? null,
        annotations: done?.annotations ?? [],
        notes: done?.notes ?? [],
        timings_ms: roundAll({ engine_start: engineStartMs, ...(done?.timingsMs ?? {}), wall: performance.now() - t0 }),
        ...(failed
          ? {
              error:
                failed.type === 'failed'
                  ? { code: failed.code, message: failed.userMessage }
                  : { code: 'cancelled', message: 'Cancelled.' },
            }
          : {}),
      };
      print.out(JSON.stringify(body, null, 2));
    } else if (done) {
      if (done.text) print.out(done.text);
      for (const note of done.notes ?? []) print.err(note);
      // The written files are the answer: stdout, one path a line, so scripts can use them.
      for (const path of sink.result.outputs) print.out(path);
    } else if (failed) {
      print.err(failed.type === 'failed' ? failed.userMessage : 'Cancelled.');
    }
    if (failed?.type === 'cancelled') return exitCodeFor('cancelled');
    if (failed) return exitCodeFor(isErrorCode(failed.code) ? failed.code : 'internal');
    return 0;
  } finally {
    await runtime.close();
  }
}

/** `--dry-run`: the plan the same request would run, and nothing else (no engine, no image read). */
async function dryRun(
  request: Request,
  images: string[],
  wantsJson: boolean,
  print: Printer,
  refuse: (code: ErrorCode, message: string) => number,
): Promise<number> {
  for (const path of images) {
    const found = await stat(path).catch(() => undefined);
    if (!found?.isFile()) return refuse('usage', found ? `Not a file: ${path}` : `No such file: ${path}`);
  }
  const t0 = performance.now();
  const plan = route(request);
  const planMs = performance.now() - t0;
  if (wantsJson) {
    print.out(
      JSON.stringify({ task: plan.task, plan, dry_run: true, timings_ms: roundAll({ plan: planMs }) }, null, 2),
    );
  } else {
    print.out(printPlan(plan));
  }
  return 0;
}

function roundAll(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
