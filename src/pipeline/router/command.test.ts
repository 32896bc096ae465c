import { describe, expect, it } from 'vitest';
import { parseCommand } from './command.js';

describe('parseCommand', () => {
  it('reads a leading task command', () => {
    expect(parseCommand('/ocr')).toEqual({ task: 'ocr', help: false, rest: '' });
    expect(parseCommand('!imagine a red fox')).toEqual({ task: 'generate', help: false, rest: 'a red fox' });
    expect(parseCommand('/画 一只猫')).toEqual({ task: 'generate', help: false, rest: '一只猫' });
    expect(parseCommand('/help')).toEqual({ help: true, rest: '' });
  });

  it('leaves unknown commands and paths in the instruction', () => {
    expect(parseCommand('/shrug make it vintage')).toBeUndefined();
    expect(parseCommand('/tmp/x.png what is this')).toBeUndefined();
    expect(parseCommand('make it vintage')).toBeUndefined();
  });
});
