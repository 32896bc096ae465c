import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { exitCodeFor, isErrorCode, isScanlineError, type ErrorCode } from '../../common/errors.js';
import { route } from '../../pipeline/router/router.js';
import { isTask, TASKS, type Request } from '../../pipeline/types.js';
import type { Config } from '../../common/config.js';
import { localImageRef } from '../local-image.js';
import type { Runtime } from '../runtime.js';
import type { Printer } from './printer.js';
import { printPlan } from './plan-printer.js';

export const RUN_USAGE = `Usage: scanline run "<instruction>" [--image FILE]... [--task TASK] [--out DIR] [--json] [--dry-run]

Runs one request through the same router, scheduler and engine as the bots.
  --image, -i FILE   an input image (repeat for several)
  --task, -t TASK    force the task: ${TASKS.join(', ')}
  --out, -o DIR      where images and preview frames are written (default: ./out)
  --json             print one JSON object {task, plan, outputs, frames, text, annotations, timings_ms}
  --dry-run          print the plan (task, prompt, edit steps, params, hints) and run nothing;
                     with --json: {task, plan, dry_run: true, timings_ms}
  --seed N, --ar W:H the same as writing them in the instruction`;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      image: { type: 'string', short: 'i', multiple: true },
      task: { type: 'string', short: 't' },
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      seed: { type: 'string' },
      ar: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { values, positionals };
}

/** `scanline run`: returns the process exit code (README "Exit codes"). */
export async function runCommand(argv: string[], config: Config, log: Logger, print: Printer): Promise<number> {
  const wantsJson = argv.includes('--json');
  const refuse = (code: ErrorCode, message: string): number => {
    if (wantsJson) print.out(JSON.stringify({ error: { code, message } }));
    else print.err(message);
    return exitCodeFor(code);
  };

  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    return refuse('usage', `${(error as Error).message}\n\n${RUN_USAGE}`);
  }
  if (args.values.help) {
    print.out(RUN_USAGE);
    return 0;
  }
  const task = args.values.task;
  if (task !== undefined && !isTask(task)) {
    return refuse('usage', `Unknown task "${task}". Tasks: ${TASKS.join(', ')}.`);
  }
  const flags = [
    ...(args.values.seed !== undefined ? [`--seed ${args.values.seed}`] : []),
    ...(args.values.ar !== undefined ? [`--ar ${args.values.ar}`] : []),
  ];
  const text = [...args.positionals, ...flags].join(' ').trim();
  if (!text && !(args.values.image?.length ?? 0) && !task) {
    return refuse('usage', `Give an instruction or an image.\n\n${RUN_USAGE}`);
  }

  const outDir = resolve(args.values.out ?? 'out');
  const request: Request = {
    id: randomUUID(),
    from: { platform: 'cli', userId: 'cli', channelId: 'cli', isDM: true },
    text,
    images: (args.values.image ?? []).map((p) => localImageRef(p, config.attachments.maxBytes)),
    ...(task !== undefined && isTask(task) ? { task } : {}),
    params: {},
    receivedAt: Date.now(),
  };

  if (args.values['dry-run']) return dryRun(request, args.values.image ?? [], wantsJson, print, refuse);

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
