import { describe, expect, it } from 'vitest';
import { WriteBehind, type Marked } from './write-behind.js';

function recorder() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  return {
    lines,
    log: {
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
    },
  };
}

/** A store whose writes fail while `down` is true. */
function store() {
  const s = {
    down: false,
    written: [] as string[][],
    forget: new Set<string>(),
    /** Runs inside the next write, before it ends. */
    during: undefined as (() => void) | undefined,
    async write(batch: Marked<number>[]): Promise<string[]> {
      await Promise.resolve();
      s.during?.();
      s.during = undefined;
      if (s.down) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
      s.written.push(batch.filter((b) => !s.forget.has(b.id)).map((b) => `${b.id}:${b.tag}`));
      return batch.filter((b) => s.forget.has(b.id)).map((b) => b.id);
    },
  };
  return s;
}

function writeBehind(s: ReturnType<typeof store>, log: ReturnType<typeof recorder>['log'], retryMs = 10_000) {
  return new WriteBehind<number>({
    write: (batch) => s.write(batch),
    log,
    retryMs,
    where: { path: 'journal' },
    failedMessage: 'writes fail',
    recoveredMessage: 'writes again',
  });
}

describe('WriteBehind', () => {
  it('writes every marked job with its newest tag, and nothing when nothing is marked', async () => {
    const s = store();
    const w = writeBehind(s, recorder().log);
    w.mark('a', 1);
    w.mark('b', 1);
    w.mark('a', 2);
    expect(await w.flush()).toBe(true);
    expect(s.written).toEqual([['a:2', 'b:1']]);
    expect(await w.flush()).toBe(true);
    expect(s.written).toHaveLength(1);
  });

  it('keeps failed jobs marked, warns once per outage, and says when writes work again', async () => {
    const s = store();
    const { lines, log } = recorder();
    const w = writeBehind(s, log);
    s.down = true;
    w.mark('a', 1);
    expect(await w.flush()).toBe(false);
    w.mark('b', 1);
    expect(await w.flush()).toBe(false);
    expect(w.ids).toEqual(['a', 'b']);
    expect(w.outage?.code).toBe('ENOSPC');
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines[0]!.obj).toMatchObject({ path: 'journal', code: 'ENOSPC', jobs: ['a'] });
    s.down = false;
    expect(await w.flush()).toBe(true);
    expect(s.written).toEqual([['a:1', 'b:1']]);
    expect(w.outage).toBeUndefined();
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'writes again', obj: { jobs: ['a', 'b'] } });
    await w.close();
  });

  it('tries again on its timer without a new change', async () => {
    const s = store();
    const w = writeBehind(s, recorder().log, 20);
    s.down = true;
    w.mark('a', 1);
    await w.flush();
    s.down = false;
    for (let i = 0; i < 100 && w.ids.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(w.ids).toEqual([]);
    expect(s.written).toEqual([['a:1']]);
  });

  it('a job marked again while its write is on the way stays marked for the next write', async () => {
    const s = store();
    const w = writeBehind(s, recorder().log);
    w.mark('a', 1);
    s.during = () => w.mark('a', 2);
    expect(await w.flush()).toBe(false);
    expect(w.ids).toEqual(['a']);
    expect(await w.flush()).toBe(true);
    expect(s.written).toEqual([['a:1'], ['a:2']]);
  });

  it('unmarks the jobs a write had nothing for (forgotten meanwhile)', async () => {
    const s = store();
    const w = writeBehind(s, recorder().log);
    s.forget.add('gone');
    w.mark('gone', 1);
    w.mark('kept', 1);
    expect(await w.flush()).toBe(true);
    expect(w.ids).toEqual([]);
    expect(s.written).toEqual([['kept:1']]);
  });

  it('close makes a last try and stops retrying; false while writes still fail', async () => {
    const s = store();
    const w = writeBehind(s, recorder().log, 20);
    s.down = true;
    w.mark('a', 1);
    expect(await w.close()).toBe(false);
    s.down = false;
    await new Promise((r) => setTimeout(r, 80));
    expect(s.written).toEqual([]);
    expect(w.ids).toEqual(['a']);
  });
});
