// The `scanline` command line from the command table: argument parsing and every help text.
// Loads nothing but node:util, so `--help` stays fast.
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../common/config.js';
import type { Printer } from './commands/printer.js';

export interface OptionSpec {
  type: 'string' | 'boolean' | 'integer';
  /** One letter: `-i` for `--image`. */
  short?: string;
  /** Repeatable: the values come as a list. */
  multiple?: boolean;
  /** The value's name in help (`FILE`, `N`). */
  value?: string;
  default?: string | number;
  /** The only values a string option takes. */
  choices?: readonly string[];
  /** Bounds of an integer option, both inclusive. */
  min?: number;
  max?: number;
  help: string;
}

/** What a command takes besides options: at most one kind of positional argument. */
export interface PositionalSpec {
  /** As shown in usage: `NAME`, `"<instruction>"`. */
  label: string;
  required: boolean;
  /** Several may be given (`run`: the words of the instruction). */
  many?: boolean;
}

export interface CommandContext {
  config: Config;
  log: Logger;
  print: Printer;
}

export type CommandHandler = (args: ParsedArgs, ctx: CommandContext) => Promise<number>;

export interface CommandSpec {
  /** One word, or a group and a word (`models pull`). */
  name: string;
  /** One line for the command list. */
  summary: string;
  positional?: PositionalSpec;
  options: Readonly<Record<string, OptionSpec>>;
  /** Lines after the summary in the command's own help. */
  details?: readonly string[];
  examples: readonly string[];
  /** `start` logs at the configured level; the other commands show warnings only unless LOG_LEVEL says more. */
  logs: 'configured' | 'warnings';
  /** Imports the module that runs the command, only when it runs. */
  load(): Promise<CommandHandler>;
}

type OptionValue = string | boolean | number | string[] | undefined;

/** A command line parsed against its command's spec; getters are typed by the option's declared type. */
export class ParsedArgs {
  constructor(
    readonly command: string,
    private readonly values: Readonly<Record<string, OptionValue>>,
    readonly positionals: readonly string[],
  ) {}

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  string(name: string): string | undefined {
    const v = this.values[name];
    return typeof v === 'string' ? v : undefined;
  }

  strings(name: string): string[] {
    const v = this.values[name];
    return Array.isArray(v) ? v : [];
  }

  integer(name: string): number | undefined {
    const v = this.values[name];
    return typeof v === 'number' ? v : undefined;
  }

  /** An option the table gives a default, so it always has a value. */
  requireString(name: string): string {
    return this.required(name, this.string(name));
  }

  requireInteger(name: string): number {
    return this.required(name, this.integer(name));
  }

  /** The first positional of a command whose table entry requires one. */
  requirePositional(): string {
    const value = this.positionals[0];
    if (value === undefined) throw new Error(`${this.command}: the command table does not require a positional`);
    return value;
  }

  private required<T>(name: string, value: T | undefined): T {
    if (value === undefined) throw new Error(`${this.command}: --${name} has no default in the command table`);
    return value;
  }
}

export type CommandLine =
  /** Help was asked for (or `scanline` alone, which exits 2): print on stdout. */
  | { kind: 'help'; text: string; exitCode: 0 | 2 }
  /** A usage error: the message, with the help that applies. */
  | { kind: 'usage'; message: string; json: boolean }
  | { kind: 'command'; spec: CommandSpec; args: ParsedArgs };

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'this text' };

export interface Program {
  name: string;
  /** The first line of `scanline --help`. */
  title: string;
  commands: readonly CommandSpec[];
  /** Paragraphs after the commands in `scanline --help`. */
  footer: readonly string[];
}

/** Finds the command in `argv` and parses its options and positionals. */
export function parseCommandLine(program: Program, argv: readonly string[]): CommandLine {
  const [first, second] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    return { kind: 'help', text: programHelp(program), exitCode: first ? 0 : 2 };
  }
  const json = argv.includes('--json');
  const single = program.commands.find((c) => c.name === first);
  if (single) return parseFor(program, single, argv.slice(1));
  const group = program.commands.filter((c) => c.name.startsWith(`${first} `));
  if (group.length === 0) {
    return { kind: 'usage', message: `Unknown command "${first}".\n\n${programHelp(program)}`, json };
  }
  if (second === '--help' || second === '-h') return { kind: 'help', text: groupHelp(program, first), exitCode: 0 };
  const spec = group.find((c) => c.name === `${first} ${second}`);
  if (!spec) {
    const unknown = second ? `Unknown ${first} command "${second}".\n\n` : '';
    return { kind: 'usage', message: `${unknown}${groupHelp(program, first)}`, json };
  }
  return parseFor(program, spec, argv.slice(2));
}

function parseFor(program: Program, spec: CommandSpec, argv: readonly string[]): CommandLine {
  const json = Boolean(spec.options['json']) && argv.includes('--json');
  const refuse = (problem: string): CommandLine => ({
    kind: 'usage',
    message: `${problem}\n\n${commandHelp(program, spec)}`,
    json,
  });
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]) => [
          name,
          {
            type: o.type === 'boolean' ? 'boolean' : 'string',
            ...(o.short ? { short: o.short } : {}),
            ...(o.multiple ? { multiple: true } : {}),
          },
        ]),
      ),
    });
  } catch (error) {
    return refuse((error as Error).message);
  }
  if (parsed.values['help'] === true) return { kind: 'help', text: commandHelp(program, spec), exitCode: 0 };
  const values: Record<string, OptionValue> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const raw = parsed.values[name] ?? (o.default === undefined ? undefined : String(o.default));
    const checked = checkValue(name, o, raw);
    if (typeof checked === 'object' && 'problem' in checked) return refuse(checked.problem);
    values[name] = checked;
  }
  const { positional } = spec;
  const positionals = parsed.positionals;
  if (!positional && positionals.length > 0) return refuse(`Unexpected argument "${positionals[0]}".`);
  if (positional?.required && positionals.length === 0) return refuse(`Missing ${positional.label}.`);
  if (positional && !positional.many && positionals.length > 1) {
    return refuse(`One ${positional.label} at a time (got ${positionals.map((p) => `"${p}"`).join(' and ')}).`);
  }
  return { kind: 'command', spec, args: new ParsedArgs(spec.name, values, positionals) };
}

/** The value an option holds after the spec's checks, or the sentence saying what is wrong. */
function checkValue(
  name: string,
  o: OptionSpec,
  raw: string | boolean | (string | boolean)[] | undefined,
): OptionValue | { problem: string } {
  if (raw === undefined || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw)) return raw.map(String);
  if (o.choices && !o.choices.includes(raw)) {
    return { problem: `--${name} takes one of: ${o.choices.join(', ')} (got "${raw}").` };
  }
  if (o.type !== 'integer') return raw;
  const n = Number(raw);
  const inRange = (o.min === undefined || n >= o.min) && (o.max === undefined || n <= o.max);
  if (!/^-?\d+$/.test(raw) || !inRange) {
    const range = o.min !== undefined && o.max !== undefined ? ` from ${o.min} to ${o.max}` : '';
    return { problem: `--${name} takes a whole number${range}.` };
  }
  return n;
}

/** ` FILE` after an option that takes a value, nothing after a flag. */
function valueLabel(o: OptionSpec): string {
  return o.type === 'boolean' ? '' : ` ${o.value ?? (o.type === 'integer' ? 'N' : 'VALUE')}`;
}

function optionLabel(name: string, o: OptionSpec): string {
  return `--${name}${o.short ? `, -${o.short}` : ''}${valueLabel(o)}`;
}

/** `NAME`, or `[NAME]` when it may be left out, with `...` when several may be given. */
function positionalLabel({ label, required, many }: PositionalSpec): string {
  return `${required ? label : `[${label}]`}${many ? '...' : ''}`;
}

/** `scanline models pull NAME [--dtype D] ...`: the one-line synopsis. */
export function synopsis(program: Program, spec: CommandSpec): string {
  const words = [`${program.name} ${spec.name}`];
  if (spec.positional) words.push(positionalLabel(spec.positional));
  for (const [name, o] of Object.entries(spec.options))
    words.push(`[--${name}${valueLabel(o)}]${o.multiple ? '...' : ''}`);
  return words.join(' ');
}

function indent(lines: readonly string[], by: string): string[] {
  return lines.map((l) => (l ? `${by}${l}` : l));
}

/** Two columns: labels padded to the widest up to `cap`; a longer label gets a line of its own. */
function columns(rows: readonly [string, string][], cap: number, by = '  '): string[] {
  const width = Math.min(cap, Math.max(...rows.map(([label]) => label.length)));
  return rows.map(([label, help]) => {
    const lines = help.split('\n');
    const head =
      label.length > width
        ? [`${by}${label}`, `${by}${' '.repeat(width + 2)}${lines[0]}`]
        : [`${by}${label.padEnd(width)}  ${lines[0]}`];
    return [...head, ...lines.slice(1).map((l) => `${by}${' '.repeat(width + 2)}${l}`)].join('\n');
  });
}

function optionHelp(o: OptionSpec): string {
  const choices = o.choices ? `: ${o.choices.join(', ')}` : '';
  const fallback = o.default !== undefined ? ` (default: ${o.default})` : '';
  return `${o.help}${choices}${fallback}`;
}

/** `scanline <command> --help`: usage, what it does, options, examples. */
export function commandHelp(program: Program, spec: CommandSpec): string {
  const options = columns(
    Object.entries({ ...spec.options, help: HELP_OPTION }).map(([name, o]) => [optionLabel(name, o), optionHelp(o)]),
    22,
  );
  return [
    `Usage: ${synopsis(program, spec)}`,
    '',
    `${spec.summary[0]?.toUpperCase()}${spec.summary.slice(1)}.`,
    ...(spec.details ?? []),
    '',
    'Options:',
    ...options,
    ...(spec.examples.length > 0 ? ['', 'Examples:', ...indent(spec.examples, '  ')] : []),
  ].join('\n');
}

/** `scanline models --help`: each command of the group in full. */
export function groupHelp(program: Program, group: string): string {
  return program.commands
    .filter((c) => c.name.startsWith(`${group} `))
    .map((c) => commandHelp(program, c))
    .join('\n\n');
}

/** `scanline --help`: the command list, then every command's help, then the footer. */
export function programHelp(program: Program): string {
  const list = columns(
    [
      ...program.commands.map((c): [string, string] => [
        `${program.name} ${c.name}${c.positional ? ` ${positionalLabel(c.positional)}` : ''}`,
        c.summary,
      ]),
      [`${program.name} <command> --help`, "a command's options and examples"],
    ],
    36,
  );
  return [
    program.title,
    '',
    'Usage:',
    ...list,
    '',
    ...program.commands.flatMap((c) => [commandHelp(program, c), '']),
    ...program.footer.flatMap((p) => [p, '']),
  ]
    .join('\n')
    .trimEnd();
}
