// Usage as both stores keep it: one count per (UTC day, task, user, outcome, reason), summed into the
// report `/scanline usage` shows. No image, prompt or message text is ever part of it.
import { isTask } from '../tasks/task-table.js';
import { USAGE_DAYS, type UsageEvent, type UsageReport } from './server-settings.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface UsageRow {
  day: string;
  task: string;
  userId: string;
  outcome: UsageEvent['outcome'];
  /** '' when the event has none. */
  reason: string;
  count: number;
}

/** The UTC day of a time, YYYY-MM-DD. */
export function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The first day kept at `now`: usage on earlier days is pruned and never shown. */
export function firstKeptDay(now: number): string {
  return dayOf(now - (USAGE_DAYS - 1) * DAY_MS);
}

const TOP_USERS = 10;

const descending =
  <T>(count: (item: T) => number) =>
  (a: T, b: T) =>
    count(b) - count(a);

export function summariseUsage(rows: readonly UsageRow[], now: number): UsageReport {
  const from = firstKeptDay(now);
  const to = dayOf(now);
  const tasks = new Map<string, UsageReport['byTask'][number]>();
  const users = new Map<string, UsageReport['topUsers'][number]>();
  const days = new Map<string, UsageReport['byDay'][number]>();
  const reasons = new Map<string, number>();
  let jobs = 0;
  let refused = 0;
  for (const row of rows) {
    if (row.day < from || row.day > to || !isTask(row.task)) continue;
    const task = tasks.get(row.task) ?? { task: row.task, done: 0, failed: 0, cancelled: 0, refused: 0 };
    task[row.outcome] += row.count;
    tasks.set(row.task, task);
    const user = users.get(row.userId) ?? { userId: row.userId, jobs: 0, refused: 0 };
    const day = days.get(row.day) ?? { day: row.day, jobs: 0, refused: 0 };
    if (row.outcome === 'refused') {
      refused += row.count;
      user.refused += row.count;
      day.refused += row.count;
      const reason = row.reason || 'unknown';
      reasons.set(reason, (reasons.get(reason) ?? 0) + row.count);
    } else {
      jobs += row.count;
      user.jobs += row.count;
      day.jobs += row.count;
    }
    users.set(row.userId, user);
    days.set(row.day, day);
  }
  const total = (t: UsageReport['byTask'][number]) => t.done + t.failed + t.cancelled + t.refused;
  return {
    from,
    to,
    jobs,
    refused,
    byTask: [...tasks.values()].sort(descending(total)),
    topUsers: [...users.values()].sort((a, b) => b.jobs - a.jobs || b.refused - a.refused).slice(0, TOP_USERS),
    byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    refusals: [...reasons.entries()].map(([reason, count]) => ({ reason, count })).sort(descending((r) => r.count)),
  };
}
