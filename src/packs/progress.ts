// How a pull shows its progress: one redrawn line on a terminal, a line every
// few seconds in a log, or JSON lines for scripts (`--json`).
import { toMb } from './disk-space.js';
import type { PullEvent } from './pull.js';

export type PullReporter = (event: PullEvent) => void;

/** Bytes fetched in this run over the time since the first one: speed and ETA leave out resumed bytes. */
class Rate {
  private startMs?: number;
  private startBytes = 0;

  constructor(private readonly now: () => number) {}

  sample(doneBytes: number): { bytesPerSecond?: number } {
    const t = this.now();
    if (this.startMs === undefined) {
      this.startMs = t;
      this.startBytes = doneBytes;
      return {};
    }
    const seconds = (t - this.startMs) / 1000;
    if (seconds <= 0) return {};
    return { bytesPerSecond: (doneBytes - this.startBytes) / seconds };
  }

  restart(): void {
    this.startMs = undefined;
  }
}

/**
 * Text from outside (a model's streamed answer, a hub's file name or error) made safe for one
 * terminal line: line breaks and tabs become spaces, other control characters (NUL, ^C, ESC...) U+FFFD.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** Columns a character takes on a terminal: 2 for East Asian wide and emoji, 0 for combining marks. */
function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) || code === 0xfe0f) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/** The start of `text` that fits in `columns` (a wrapped line would break the \r redraw). */
export function fitStart(text: string, columns: number): string {
  let width = 0;
  let out = '';
  for (const ch of text) {
    width += charWidth(ch.codePointAt(0) ?? 0);
    if (width > columns) return out;
    out += ch;
  }
  return out;
}

/** The end of `text` that fits in `columns`, with an ellipsis when cut (the newest words of a streamed answer). */
export function fitEnd(text: string, columns: number): string {
  if (displayWidth(text) <= columns) return text;
  if (columns <= 0) return '';
  const chars = [...text];
  let width = 1;
  let start = chars.length;
  while (start > 0 && width + charWidth(chars[start - 1]!.codePointAt(0) ?? 0) <= columns) {
    start -= 1;
    width += charWidth(chars[start]!.codePointAt(0) ?? 0);
  }
  return `…${chars.slice(start).join('')}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${toMb(bytes)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `[#####.....]  45%  312.4 MB / 698.0 MB  12.3 MB/s  ETA 31s  onnx/language_model_q4.onnx` */
export function progressLine(
  e: Extract<PullEvent, { event: 'progress' }>,
  bytesPerSecond: number | undefined,
  width = 24,
): string {
  const fraction = e.totalBytes > 0 ? Math.min(1, e.doneBytes / e.totalBytes) : 0;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const pct = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
  const speed = bytesPerSecond && bytesPerSecond > 0 ? `${formatBytes(bytesPerSecond)}/s` : '-- MB/s';
  const eta =
    bytesPerSecond && bytesPerSecond > 0
      ? `ETA ${formatDuration((e.totalBytes - e.doneBytes) / bytesPerSecond)}`
      : 'ETA ?';
  return `${bar} ${pct}  ${formatBytes(e.doneBytes)} / ${formatBytes(e.totalBytes)}  ${speed}  ${eta}  ${printable(e.path)}`;
}

function planLines(e: Extract<PullEvent, { event: 'plan' }>): string[] {
  const lines = [
    `Pulling ${e.pack} (${e.dtype}) from ${e.repo}@${e.revision}${e.commit ? ` (${e.commit.slice(0, 12)})` : ''} into ${e.dir}`,
    `  ${e.files.length} files, ${formatBytes(e.totalBytes)}${e.presentBytes > 0 ? `, ${formatBytes(e.presentBytes)} already on disk` : ''}`,
  ];
  return lines;
}

function fileDoneLine(e: Extract<PullEvent, { event: 'file-done' }>): string {
  const how = e.reused
    ? 'already present'
    : e.resumedFrom > 0
      ? `resumed at ${formatBytes(e.resumedFrom)}`
      : 'downloaded';
  const path = printable(e.path);
  if (e.verified === 'unverified')
    return `  !!  ${path}  ${formatBytes(e.bytes)}  ${how}, NOT VERIFIED (the hub stated no hash)`;
  return `  ok  ${path}  ${formatBytes(e.bytes)}  ${how}, ${e.verified} verified`;
}

function retryLine(e: Extract<PullEvent, { event: 'retry' }>): string {
  return `  retry ${e.attempt} for ${printable(e.path)} in ${formatDuration(e.delayMs / 1000)}: ${printable(e.reason)}\n`;
}

/** Unchecked installs stand out: a banner line, not one more line among the progress. */
function warningLines(message: string): string[] {
  return ['', `WARNING: ${message}`, ''];
}

function doneLines(e: Extract<PullEvent, { event: 'done' }>): string[] {
  const at = e.commit ? ` (commit ${e.commit.slice(0, 12)})` : '';
  if (e.unverified.length === 0) return [`Installed ${e.pack} in ${e.dir}${at}, every file verified`];
  return [
    `Installed ${e.pack} in ${e.dir}${at}`,
    ...warningLines(
      `${e.unverified.length} file(s) were NOT verified against a hub hash and are marked so in ${e.manifest}. Pull again without --allow-unverified when the hub states their hashes.`,
    ),
  ];
}

/** A single status line redrawn in place on a terminal (stderr), throttled. */
export function ttyReporter(
  write: (text: string) => void,
  columns: () => number,
  now: () => number = Date.now,
): PullReporter {
  const rate = new Rate(now);
  let lastDraw = -Infinity;
  let drawn = false;
  const clear = () => {
    if (drawn) write('\r\x1b[2K');
    drawn = false;
  };
  return (e) => {
    switch (e.event) {
      case 'plan':
        for (const line of planLines(e)) write(`${line}\n`);
        break;
      case 'progress': {
        const { bytesPerSecond } = rate.sample(e.doneBytes);
        const t = now();
        if (t - lastDraw < 100 && e.fileBytes !== e.fileTotal) return;
        lastDraw = t;
        const line = fitStart(progressLine(e, bytesPerSecond), Math.max(20, columns() - 1));
        write(`\r\x1b[2K${line}`);
        drawn = true;
        break;
      }
      case 'retry':
        clear();
        write(retryLine(e));
        break;
      case 'file-done':
        clear();
        write(`${fileDoneLine(e)}\n`);
        if (e.reused) rate.restart();
        break;
      case 'warning':
        clear();
        for (const line of warningLines(e.message)) write(`${line}\n`);
        break;
      case 'done':
        clear();
        for (const line of doneLines(e)) write(`${line}\n`);
        break;
      case 'file':
        break;
    }
  };
}

/** Plain lines for logs and pipes: the plan, a progress line every `intervalMs`, each finished file. */
export function lineReporter(
  write: (text: string) => void,
  now: () => number = Date.now,
  intervalMs = 5000,
): PullReporter {
  const rate = new Rate(now);
  let lastLine = -Infinity;
  return (e) => {
    switch (e.event) {
      case 'plan':
        for (const line of planLines(e)) write(`${line}\n`);
        break;
      case 'progress': {
        const { bytesPerSecond } = rate.sample(e.doneBytes);
        const t = now();
        if (t - lastLine < intervalMs) return;
        lastLine = t;
        write(`${progressLine(e, bytesPerSecond)}\n`);
        break;
      }
      case 'retry':
        write(retryLine(e));
        break;
      case 'file-done':
        write(`${fileDoneLine(e)}\n`);
        break;
      case 'warning':
        for (const line of warningLines(e.message)) write(`${line}\n`);
        break;
      case 'done':
        for (const line of doneLines(e)) write(`${line}\n`);
        break;
      case 'file':
        break;
    }
  };
}

/** One JSON object per line on stdout; progress at most every `intervalMs` per file, plus each file's last byte. */
export function jsonReporter(
  write: (text: string) => void,
  now: () => number = Date.now,
  intervalMs = 250,
): PullReporter {
  let last = -Infinity;
  return (e) => {
    if (e.event === 'progress') {
      const t = now();
      if (t - last < intervalMs && e.fileBytes !== e.fileTotal) return;
      last = t;
    }
    write(`${JSON.stringify(e)}\n`);
  };
}
