// Admission for the scheduler over Redis: the per-user, per-channel and global caps and the
// round-robin turn, decided atomically in Redis (one Lua script) so every bot replica agrees.
// A user's next job gets turn max(their last turn + 1, the turn being served): a newcomer joins the
// round under way, behind those already waiting in it. BullMQ serves the lowest priority first and
// FIFO within one, so turns are rounds over the users, as the embedded FairQueue serves them.
import type { Redis } from 'ioredis';
import { ScanlineError } from '../../common/errors.js';
import type { SchedulerCaps } from '../scheduler/scheduler.js';

/** BullMQ's largest priority (2^21 - 1). */
export const MAX_TURN = 2_097_151;

/** Wait estimate before any job has finished. */
const DEFAULT_JOB_MS = 30_000;

export interface FairKeys {
  /** hash jobId -> JSON {u, c, t (turn), s (admission seq), at (started ms, once running)} */
  jobs: string;
  /** hash userId -> queued + running jobs */
  users: string;
  /** hash channelId -> queued + running jobs */
  channels: string;
  /** hash userId -> that user's last turn */
  turns: string;
  /** the turn of the newest job a worker started */
  serving: string;
  seq: string;
  /** moving average of finished jobs' run time, ms */
  averageMs: string;
  /** hash workerId -> "slots:expiresAtMs" */
  slots: string;
}

export function fairKeys(prefix: string): FairKeys {
  const k = (name: string) => `${prefix}:fair:${name}`;
  return {
    jobs: k('jobs'),
    users: k('users'),
    channels: k('channels'),
    turns: k('turns'),
    serving: k('serving'),
    seq: k('seq'),
    averageMs: k('average_ms'),
    slots: k('slots'),
  };
}

const ORDER = (keys: FairKeys) => [keys.jobs, keys.users, keys.channels, keys.turns, keys.serving, keys.seq];

const ADMIT = `
local total = redis.call('HLEN', KEYS[1])
if total == 0 then
  redis.call('DEL', KEYS[4])
  redis.call('SET', KEYS[5], 0)
end
local user = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
if user >= tonumber(ARGV[4]) then return {'busy_user', user} end
local channel = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
if channel >= tonumber(ARGV[5]) then return {'busy_channel', channel} end
if total >= tonumber(ARGV[6]) then return {'busy_global', total} end
local serving = tonumber(redis.call('GET', KEYS[5]) or '0')
local last = tonumber(redis.call('HGET', KEYS[4], ARGV[2]) or '0')
local turn = math.min(math.max(last + 1, serving), tonumber(ARGV[7]))
redis.call('HSET', KEYS[4], ARGV[2], turn)
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
local seq = redis.call('INCR', KEYS[6])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({u = ARGV[2], c = ARGV[3], t = turn, s = seq}))
return {'ok', turn}
`;

const RELEASE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local job = cjson.decode(raw)
if redis.call('HINCRBY', KEYS[2], job.u, -1) <= 0 then redis.call('HDEL', KEYS[2], job.u) end
if redis.call('HINCRBY', KEYS[3], job.c, -1) <= 0 then redis.call('HDEL', KEYS[3], job.c) end
return 1
`;

const START = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local job = cjson.decode(raw)
job.at = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(job))
local serving = tonumber(redis.call('GET', KEYS[5]) or '0')
if job.t > serving then redis.call('SET', KEYS[5], job.t) end
return 1
`;

interface FairJob {
  u: string;
  c: string;
  t: number;
  s: number;
  at?: number;
}

export interface Admitted {
  turn: number;
}

/** The fairness and caps state in Redis, shared by bot replicas and workers. */
export class FairAdmission {
  readonly #redis: Redis;
  readonly #keys: FairKeys;
  readonly #now: () => number;

  constructor(redis: Redis, prefix: string, opts: { now?: () => number } = {}) {
    this.#redis = redis;
    this.#keys = fairKeys(prefix);
    this.#now = opts.now ?? Date.now;
  }

  /** Takes a place for the job or throws the busy_* ScanlineError with the count and a retry estimate. */
  async admit(job: { id: string; userId: string; channelId: string }, caps: SchedulerCaps): Promise<Admitted> {
    const args = [job.id, job.userId, job.channelId, caps.perUser, caps.perChannel, caps.global, MAX_TURN];
    const [verdict, value] = (await this.#redis.eval(ADMIT, 6, ...ORDER(this.#keys), ...args)) as [string, number];
    if (verdict === 'ok') return { turn: value };
    const code = verdict as 'busy_user' | 'busy_channel' | 'busy_global';
    const seconds = await this.#retrySeconds((j) =>
      code === 'busy_user' ? j.u === job.userId : code === 'busy_channel' ? j.c === job.channelId : true,
    );
    throw new ScanlineError(code, { count: value, seconds });
  }

  /** A worker started the job: the turn being served moves on (never back). */
  async started(jobId: string): Promise<void> {
    await this.#redis.eval(START, 6, ...ORDER(this.#keys), jobId, this.#now());
  }

  /** The job left (done, failed, cancelled, lost); idempotent, so the bot and the worker both call it. */
  async release(jobId: string): Promise<void> {
    await this.#redis.eval(RELEASE, 6, ...ORDER(this.#keys), jobId);
  }

  /** A finished job's run time, into the moving average the retry estimate uses. */
  async finished(runMs: number): Promise<void> {
    const previous = Number(await this.#redis.get(this.#keys.averageMs)) || runMs;
    await this.#redis.set(this.#keys.averageMs, Math.round(previous * 0.8 + runMs * 0.2));
  }

  /** A worker says how many jobs it runs at once, for the next `ttlMs`. */
  async announceSlots(workerId: string, slots: number, ttlMs: number): Promise<void> {
    await this.#redis.hset(this.#keys.slots, workerId, `${slots}:${this.#now() + ttlMs}`);
  }

  async withdrawSlots(workerId: string): Promise<void> {
    await this.#redis.hdel(this.#keys.slots, workerId);
  }

  /** Workers alive (announced within their ttl) and the job slots they offer. */
  async workers(): Promise<{ workers: number; slots: number }> {
    const now = this.#now();
    let workers = 0;
    let slots = 0;
    const expired: string[] = [];
    for (const [id, value] of Object.entries(await this.#redis.hgetall(this.#keys.slots))) {
      const [count, until] = value.split(':').map(Number);
      if (!(until !== undefined && until > now)) {
        expired.push(id);
        continue;
      }
      workers++;
      slots += count ?? 0;
    }
    if (expired.length > 0) await this.#redis.hdel(this.#keys.slots, ...expired);
    return { workers, slots };
  }

  /** Queued and running jobs over the whole cluster, and the users they belong to. */
  async counts(): Promise<{ queued: number; running: number; users: number }> {
    const jobs = await this.#jobs();
    const running = jobs.filter((j) => j.at !== undefined).length;
    return { queued: jobs.length - running, running, users: new Set(jobs.map((j) => j.u)).size };
  }

  /** The counts, and the ids of every waiting job in the order workers will take them (turn, then admission). */
  async snapshot(): Promise<{ counts: { queued: number; running: number; users: number }; order: string[] }> {
    const entries = Object.entries(await this.#redis.hgetall(this.#keys.jobs)).map(
      ([id, raw]) => [id, JSON.parse(raw) as FairJob] as const,
    );
    const waiting = entries.filter(([, j]) => j.at === undefined).sort(([, a], [, b]) => a.t - b.t || a.s - b.s);
    return {
      counts: {
        queued: waiting.length,
        running: entries.length - waiting.length,
        users: new Set(entries.map(([, j]) => j.u)).size,
      },
      order: waiting.map(([id]) => id),
    };
  }

  async #jobs(): Promise<FairJob[]> {
    return Object.values(await this.#redis.hgetall(this.#keys.jobs)).map((raw) => JSON.parse(raw) as FairJob);
  }

  /**
   * Whole seconds until the first of the matching jobs leaves, as the embedded scheduler estimates
   * it: a running job takes the average minus what it already ran (at least a tenth of it); a
   * queued one starts when the waves of jobs ahead of it (in turn order) are done.
   */
  async #retrySeconds(matches: (job: FairJob) => boolean): Promise<number> {
    const now = this.#now();
    const [jobs, average, { slots }] = await Promise.all([
      this.#jobs(),
      this.#redis.get(this.#keys.averageMs).then((v) => Number(v) || DEFAULT_JOB_MS),
      this.workers(),
    ]);
    const capacity = Math.max(1, slots);
    const remaining = (job: FairJob): number => Math.max(average / 10, average - (now - (job.at ?? now)));
    const running = jobs.filter((j) => j.at !== undefined);
    const firstSlotMs = running.length < capacity ? 0 : Math.min(...running.map(remaining));
    const order = jobs.filter((j) => j.at === undefined).sort((a, b) => a.t - b.t || a.s - b.s);
    let best = Number.POSITIVE_INFINITY;
    for (const job of jobs.filter(matches)) {
      if (job.at !== undefined) {
        best = Math.min(best, remaining(job));
      } else {
        const position = order.indexOf(job) + 1;
        const waves = Math.max(0, Math.ceil(position / capacity) - 1);
        best = Math.min(best, firstSlotMs + waves * average + average);
      }
    }
    if (!Number.isFinite(best)) best = average;
    return Math.max(1, Math.ceil(best / 1000));
  }
}
