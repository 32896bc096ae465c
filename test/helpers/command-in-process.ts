// A `scanline` command called in-process: the command line parsed by the real command table, output captured.
import { parseCommandLine, type ParsedArgs } from '../../src/bots/command-line.js';
import { SCANLINE } from '../../src/bots/command-table.js';
import type { Printer } from '../../src/bots/commands/printer.js';

/** The parsed arguments of a full command line (`['models', 'pull', 'x']`); throws on help or a usage error. */
export function commandArgs(argv: string[]): ParsedArgs {
  const line = parseCommandLine(SCANLINE, argv);
  if (line.kind !== 'command') throw new Error(`not a command line: ${line.kind === 'help' ? 'help' : line.message}`);
  return line.args;
}

/** A Printer that keeps what a command wrote; `stdout`/`stderr` join the lines. */
export function capturingPrinter(): {
  out: string[];
  err: string[];
  print: Printer;
  stdout(): string;
  stderr(): string;
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    print: { out: (t) => out.push(t), err: (t) => err.push(t) },
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}
