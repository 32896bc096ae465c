import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliReplySink, lineProgress, ttyProgress, type ProgressStream } from './cli-reply-sink.js';

/** A stream that records what reached it, as a terminal or as a pipe. */
function fakeStream(isTTY: boolean, columns = 60): ProgressStream & { chunks: string[] } {
  const chunks: string[] = [];
  return { isTTY, columns, chunks, write: (text: string) => chunks.push(text) };
}

// What the tiny test pack streams while it "answers": NUL, ^C, ^S, ^_, CR and a newline.
const GIBBERISH = 'dog\u0000\u0003 ox\u0013\u001f lorangum\r\nDp 欢迎光临 \u001b[31mred';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/;
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('CLI progress on a terminal', () => {
  it('redraws one bar line no wider than the terminal, with no raw control bytes from the text', () => {
    let t = 0;
    const stream = fakeStream(true, 40);
    const shown = ttyProgress(stream, () => t);
    shown.status('queued at position 2');
    for (let i = 1; i <= 10; i++) {
      t += 100;
      shown.progress(i / 10, GIBBERISH.repeat(i));
    }
    shown.end();
    expect(stream.chunks.length).toBeGreaterThan(5);
    for (const chunk of stream.chunks) {
      expect(chunk.startsWith('\r\x1b[2K')).toBe(true);
      const line = chunk.slice('\r\x1b[2K'.length);
      expect(line).not.toContain('\n');
      expect(line).not.toMatch(RAW_CONTROL);
      expect(line).not.toContain('\x1b'); // the text's own escape sequence is defused
      // Wide characters count two columns; the line stays one short of the width.
      const width = [...line].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
      expect(width).toBeLessThanOrEqual(39);
    }
    expect(stream.chunks).toContain('\r\x1b[2Kqueued at position 2');
    // eslint-disable-next-line no-control-regex
    expect(stream.chunks.at(-2)).toMatch(/^\r\x1b\[2K\[#+\] 100% {2}…/);
    expect(stream.chunks.at(-1)).toBe('\r\x1b[2K'); // cleared before the answer is printed
  });

  it('draws at most every interval, but always the last step', () => {
    let t = 0;
    const stream = fakeStream(true, 80);
    const shown = ttyProgress(stream, () => t, 80);
    shown.progress(0.1);
    t = 10;
    shown.progress(0.2);
    t = 100;
    shown.progress(0.3);
    t = 101;
    shown.progress(1);
    expect(stream.chunks.map((c) => c.match(/\d+%/)?.[0])).toEqual(['10%', '30%', '100%']);
  });
});

describe('CLI progress in a pipe or log', () => {
  it('writes plain lines every 10%, each one line of printable text', () => {
    const lines: string[] = [];
    const shown = lineProgress((line) => lines.push(line), 50);
    shown.status('started');
    for (let i = 0; i <= 100; i++) shown.progress(i / 100, GIBBERISH);
    expect(lines[0]).toBe('started');
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual([
      '0%',
      '10%',
      '20%',
      '30%',
      '40%',
      '50%',
      '60%',
      '70%',
      '80%',
      '90%',
      '100%',
    ]);
    for (const line of lines) {
      expect(line).not.toMatch(RAW_CONTROL);
      expect(line).not.toContain('\x1b');
      expect(line).not.toContain('\n');
    }
  });
});

describe('CliReplySink', () => {
  it('uses the bar on a TTY stream and clears it when the job finishes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanline-sink-'));
    dirs.push(dir);
    const stream = fakeStream(true);
    const sink = new CliReplySink(dir, stream);
    await sink.open({ type: 'started' });
    await sink.update({ type: 'progress', fraction: 0.5, text: 'half\u0000way' });
    await sink.finish({
      type: 'done',
      images: [{ name: 'x.png', mime: 'image/png', data: new Uint8Array([1]), width: 1, height: 1 }],
    });
    expect(stream.chunks.some((c) => /\[#+\.+\] {2}50% {2}half\ufffdway/.test(c))).toBe(true);
    expect(stream.chunks.at(-1)).toBe('\r\x1b[2K');
    expect(sink.result.outputs).toEqual([join(dir, 'x.png')]);
  });

  it('writes plain lines to a stream that is not a terminal, and nothing at all without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanline-sink-'));
    dirs.push(dir);
    const pipe = fakeStream(false);
    const plain = new CliReplySink(dir, pipe);
    await plain.open({ type: 'queued', position: 1 });
    await plain.update({ type: 'progress', fraction: 0.25 });
    await plain.fail({ type: 'cancelled' });
    expect(pipe.chunks).toEqual(['queued at position 1\n', '25%\n']);
    const silent = new CliReplySink(dir);
    await silent.update({ type: 'progress', fraction: 0.25 });
    expect(silent.result.frames).toEqual([]);
  });
});
