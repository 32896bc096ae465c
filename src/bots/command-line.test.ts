import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../common/errors.js';
import { commandHelp, parseCommandLine, programHelp, synopsis, type CommandLine } from './command-line.js';
import { SCANLINE } from './command-table.js';

function command(line: CommandLine) {
  if (line.kind !== 'command') throw new Error(`expected a command, got ${JSON.stringify(line)}`);
  return line.args;
}

function usage(line: CommandLine): string {
  if (line.kind !== 'usage') throw new Error(`expected a usage error, got ${line.kind}`);
  return line.message;
}

describe('generated help', () => {
  const help = programHelp(SCANLINE);

  it.each(SCANLINE.commands.map((c) => [c.name, c]))('scanline --help shows %s with every option', (_, spec) => {
    expect(help).toContain(`scanline ${spec.name}`);
    expect(help).toContain(synopsis(SCANLINE, spec));
    for (const [name, option] of Object.entries(spec.options)) {
      expect(help).toContain(`--${name}`);
      expect(help).toContain(option.help.split('\n')[0]);
    }
  });

  it('ends with every exit code', () => {
    const codes = help.slice(help.indexOf('Exit codes:'));
    for (const [code, what] of EXIT_CODES) expect(codes).toContain(`${code}  ${what}`);
  });

  it("a command's help has its options with defaults and choices, and its examples", () => {
    const pull = SCANLINE.commands.find((c) => c.name === 'models pull')!;
    const text = commandHelp(SCANLINE, pull);
    expect(text).toMatch(/^Usage: scanline models pull NAME \[--dtype D\]/);
    expect(text).toMatch(/--retries N +attempts again .*\(default: 5\)/);
    expect(text).toContain('scanline models pull janus-pro-1b --dtype fp16 --dry-run');
    const run = commandHelp(
      SCANLINE,
      SCANLINE.commands.find((c) => c.name === 'run')!,
    );
    expect(run).toMatch(/--task, -t TASK +force the task: generate, edit, /);
    expect(run).toMatch(/--image, -i FILE/);
  });

  it.each([
    [['--help'], 0, 'Exit codes:'],
    [['help'], 0, 'Exit codes:'],
    [[], 2, 'Exit codes:'],
    [['run', '--help'], 0, 'Usage: scanline run'],
    [['models', 'pull', '-h'], 0, 'Usage: scanline models pull'],
    [['models', '--help'], 0, 'Usage: scanline models remove'],
  ])('scanline %j prints help (exit %i)', (argv, exitCode, text) => {
    const line = parseCommandLine(SCANLINE, argv);
    expect(line).toMatchObject({ kind: 'help', exitCode });
    expect(line.kind === 'help' && line.text).toContain(text);
  });
});

describe('parsing from the table', () => {
  it('finds grouped commands and applies defaults', () => {
    const args = command(parseCommandLine(SCANLINE, ['models', 'pull', 'janus-pro-1b', '--json']));
    expect(args.command).toBe('models pull');
    expect(args.requirePositional()).toBe('janus-pro-1b');
    expect(args.flag('json')).toBe(true);
    expect(args.flag('dry-run')).toBe(false);
    expect(args.requireInteger('retries')).toBe(5);
    expect(args.string('dtype')).toBeUndefined();
  });

  it('takes short names, repeated options and the words of an instruction', () => {
    const args = command(
      parseCommandLine(SCANLINE, ['run', 'make', 'it', 'grey', '-i', 'a.png', '--image', 'b.png', '-t', 'edit']),
    );
    expect(args.positionals).toEqual(['make', 'it', 'grey']);
    expect(args.strings('image')).toEqual(['a.png', 'b.png']);
    expect(args.string('task')).toBe('edit');
    expect(args.requireString('out')).toBe('./out');
  });

  it.each([
    [['nope'], /^Unknown command "nope"/],
    [['models', 'fetch'], /^Unknown models command "fetch"/],
    [['models'], /^Usage: scanline models list/],
    [['run', 'x', '--bogus'], /--bogus/],
    [['run', 'x', '--task', 'nope'], /^--task takes one of: generate, .* \(got "nope"\)/],
    [['models', 'pull'], /^Missing NAME/],
    [['models', 'pull', 'a', 'b'], /^One NAME at a time/],
    [['models', 'pull', 'a', '--retries', '101'], /^--retries takes a whole number from 0 to 100\./],
    [['models', 'pull', 'a', '--retries', '1.5'], /^--retries takes a whole number/],
    [['start', 'now'], /^Unexpected argument "now"/],
    [['discord', 'register', '--guild'], /--guild/],
  ])('refuses %j', (argv, message) => {
    expect(usage(parseCommandLine(SCANLINE, argv))).toMatch(message);
  });

  it('a usage error says JSON only for a command that takes --json', () => {
    expect(parseCommandLine(SCANLINE, ['run', '--task', 'nope', '--json'])).toMatchObject({ json: true });
    expect(parseCommandLine(SCANLINE, ['models', 'verify', 'a', 'b', '--json'])).toMatchObject({ json: false });
  });
});
