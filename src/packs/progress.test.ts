import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  fitEnd,
  fitStart,
  formatBytes,
  formatDuration,
  jsonReporter,
  lineReporter,
  printable,
  progressLine,
  ttyReporter,
} from './progress.js';
import type { PullEvent } from './pull.js';

const progress = (doneBytes: number, fileBytes = doneBytes): Extract<PullEvent, { event: 'progress' }> => ({
  event: 'progress',
  path: 'onnx/language_model_q4.onnx',
  fileBytes,
  fileTotal: 698e6,
  doneBytes,
  totalBytes: 698e6,
});

describe('pull progress', () => {
  it('draws bar, percent, bytes, speed and ETA', () => {
    const line = progressLine(progress(349e6), 10e6, 10);
    expect(line).toBe('[#####.....]  50%  349.0 MB / 698.0 MB  10.0 MB/s  ETA 35s  onnx/language_model_q4.onnx');
  });

  it('says so when the speed is not known yet', () => {
    expect(progressLine(progress(0), undefined, 4)).toContain('-- MB/s  ETA ?');
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(4_720_000_000)).toBe('4.72 GB');
    expect(formatBytes(346)).toBe('346 B');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7300)).toBe('2h01m');
  });

  it('throttles JSON progress lines but always writes the other events', () => {
    let t = 0;
    const lines: string[] = [];
    const report = jsonReporter(
      (s) => lines.push(s),
      () => t,
      250,
    );
    report(progress(1));
    t = 100;
    report(progress(2));
    report({ event: 'retry', path: 'x', attempt: 1, delayMs: 0, reason: 'HTTP 503' });
    t = 300;
    report(progress(3));
    expect(lines.map((l) => JSON.parse(l).event)).toEqual(['progress', 'retry', 'progress']);
    expect(JSON.parse(lines[2]!).doneBytes).toBe(3);
  });

  it('writes plain progress lines at most once per interval, with the speed measured between them', () => {
    let t = 0;
    const lines: string[] = [];
    const report = lineReporter(
      (s) => lines.push(s),
      () => t,
      5000,
    );
    report(progress(0));
    t = 1000;
    report(progress(10e6));
    t = 6000;
    report(progress(60e6));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('10.0 MB/s');
  });

  it('sets unverified files and installs apart with WARNING banners', () => {
    const lines: string[] = [];
    const report = lineReporter((s) => lines.push(s));
    report({
      event: 'warning',
      code: 'unverified',
      message: '1 file(s) will be installed WITHOUT a hash check',
      files: ['a.onnx'],
    });
    report({
      event: 'file-done',
      path: 'a.onnx',
      bytes: 3e6,
      sha256: 'x',
      verified: 'unverified',
      resumedFrom: 0,
      reused: false,
    });
    report({
      event: 'done',
      pack: 'p',
      dir: '/m/p',
      manifest: '/m/p/manifest.json',
      fetchedBytes: 3e6,
      unverified: ['a.onnx'],
    });
    expect(lines).toContain('WARNING: 1 file(s) will be installed WITHOUT a hash check\n');
    expect(lines).toContain('  !!  a.onnx  3.0 MB  downloaded, NOT VERIFIED (the hub stated no hash)\n');
    expect(lines.filter((l) => l.startsWith('WARNING:'))).toHaveLength(2);
    expect(lines.at(-2)).toContain('1 file(s) were NOT verified against a hub hash');
  });

  it('redraws one line on a terminal and clears it before printing a finished file', () => {
    let t = 0;
    const out: string[] = [];
    const report = ttyReporter(
      (s) => out.push(s),
      () => 60,
      () => t,
    );
    report(progress(1e6));
    t = 50;
    report(progress(2e6));
    t = 200;
    report(progress(3e6));
    report({
      event: 'file-done',
      path: 'a.onnx',
      bytes: 3e6,
      sha256: 'x',
      verified: 'sha256',
      resumedFrom: 1e6,
      reused: false,
    });
    expect(out.filter((s) => s.startsWith('\r\x1b[2K[')).length).toBe(2);
    expect(out.every((s) => s.length <= 60 + 5)).toBe(true);
    expect(out.at(-1)).toBe('  ok  a.onnx  3.0 MB  resumed at 1.0 MB, sha256 verified\n');
    expect(out.at(-2)).toBe('\r\x1b[2K');
  });

  it('never lets a hub-supplied name or reason put control bytes on the terminal', () => {
    const out: string[] = [];
    const report = ttyReporter(
      (s) => out.push(s),
      () => 80,
    );
    report({ event: 'retry', path: 'a\u0000.onnx', attempt: 1, delayMs: 0, reason: 'bad\r\n\u001b[2Jgateway' });
    expect(out[0]).toBe('  retry 1 for a\ufffd.onnx in 0s: bad \ufffd[2Jgateway\n');
  });
});

describe('terminal text', () => {
  it('replaces control characters and folds line breaks', () => {
    expect(printable('a\u0000b\u0003c\u0013d\r\ne\tf\u009b')).toBe('a\ufffdb\ufffdc\ufffdd e f\ufffd');
  });

  it('measures and cuts by terminal columns, CJK counting two', () => {
    expect(displayWidth('ab欢迎')).toBe(6);
    expect(fitStart('ab欢迎光临', 5)).toBe('ab欢');
    expect(fitEnd('ab欢迎光临', 5)).toBe('…光临');
    expect(fitEnd('short', 10)).toBe('short');
  });
});
