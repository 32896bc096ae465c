// The job journal in Redis, shared by every bot process (replicas, a restarted bot): the same
// records, order, cap and horizon as the file journal, plus who owns each unfinished job, so a
// replica recovers only the jobs of a process that is gone. One Redis server (with replicas if you
// like); the scripts touch keys they build, so Redis Cluster is not supported.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import {
  JOURNAL_DEFAULTS,
  MemoryJobJournal,
  type JobJournal,
  type JobRecord,
  type JournalLog,
  withTypedReply,
} from '../job-journal.js';
import type { JobState, Platform } from '../types.js';
import { WriteBehind, type Marked } from '../write-behind.js';
import { boundedCommand } from './bounded-command.js';

const PREFIX = 'scanline:{journal}:';
const KEYS = {
  order: `${PREFIX}order`,
  unfinished: `${PREFIX}unfinished`,
  seq: `${PREFIX}seq`,
  record: (id: string) => `${PREFIX}job:${id}`,
  bot: (instance: string) => `${PREFIX}bot:${instance}`,
};

// KEYS: record, order, unfinished, seq. ARGV: id, record json, state, reply json or '', updatedAt,
// ttl ms, 1 = a new record (moves to the end, owned by ARGV[9]), limit, owner, record key prefix, platform.
const WRITE = `
if ARGV[6] + 0 <= 0 then
  redis.call('DEL', KEYS[1]); redis.call('ZREM', KEYS[2], ARGV[1]); redis.call('SREM', KEYS[3], ARGV[1])
  return 0
end
if ARGV[7] == '1' or redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1])
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[1])
  redis.call('HSET', KEYS[1], 'owner', ARGV[9], 'platform', ARGV[11])
end
redis.call('HSET', KEYS[1], 'record', ARGV[2], 'state', ARGV[3], 'reply', ARGV[4], 'updatedAt', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if ARGV[3] == 'queued' or ARGV[3] == 'running' then redis.call('SADD', KEYS[3], ARGV[1])
else redis.call('SREM', KEYS[3], ARGV[1]) end
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[8])
if excess > 0 then
  for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess - 1)) do
    redis.call('DEL', ARGV[10] .. old); redis.call('SREM', KEYS[3], old)
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
end
return 1
`;

// KEYS: unfinished. ARGV: record key prefix, heartbeat key prefix, me, platform ('' = any). Takes over the unfinished
// jobs whose owner has no heartbeat; a replica racing for the same job finds it owned by a live one.
const ADOPT = `
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. id
  if redis.call('EXISTS', key) == 0 then
    redis.call('SREM', KEYS[1], id)
  else
    local owner = redis.call('HGET', key, 'owner')
    local ours = ARGV[4] == '' or redis.call('HGET', key, 'platform') == ARGV[4]
    if ours and owner ~= ARGV[3] and (not owner or redis.call('EXISTS', ARGV[2] .. owner) == 0) then
      redis.call('HSET', key, 'owner', ARGV[3])
      table.insert(out, id)
    end
  end
end
return out
`;

const DELETE_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Whether a process with this pid exists on this machine (one we may not signal exists too). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface RedisJournalOptions {
  /** Records kept; the oldest are forgotten past it (the file journal's cap). */
  limit?: number;
  /** A record unchanged this long expires (the file journal drops it at its next start). */
  horizonMs?: number;
  log?: JournalLog;
  /** While records wait to be written, how often to try again without a new change. */
  retryMs?: number;
  /** How long a read or write waits for Redis before the journal answers from memory. */
  timeoutMs?: number;
  /** This process is alive while its heartbeat key lives; it is refreshed three times per period. */
  heartbeatMs?: number;
  /** This process's name in the journal (default: a random id per start). */
  instance?: string;
}

/** What a marked job keeps: whether its record is new (it then moves to the end of the order, owned by us). */
type Pending = { created: boolean };

const quiet: JournalLog = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The shared journal. Reads come from Redis (another replica may have written the record); when
 * Redis does not answer in time they come from this process's own copy. A failed write never
 * disables it: the record stays in memory, marked unwritten, and the next write (or a retry
 * timer) writes the newest record of every unwritten job. One warning per outage, one line when
 * it ends, the ids still unwritten logged at close: the file journal's handling of a full disk.
 */
export class RedisJobJournal implements JobJournal {
  readonly instance: string;
  private readonly redis: Redis;
  private readonly mirror: MemoryJobJournal;
  private readonly limit: number;
  private readonly horizonMs: number;
  private readonly log: JournalLog;
  private readonly timeoutMs: number;
  private readonly heartbeatMs: number;
  /** The heartbeat's value: `<hostname> <pid>`. */
  private readonly whoAmI = `${hostname()} ${process.pid}`;
  private readonly pending: WriteBehind<Pending>;
  private heartbeat: NodeJS.Timeout | undefined;

  private constructor(redis: Redis, opts: RedisJournalOptions) {
    this.redis = redis;
    this.limit = opts.limit ?? JOURNAL_DEFAULTS.limit;
    this.horizonMs = opts.horizonMs ?? JOURNAL_DEFAULTS.horizonMs;
    this.mirror = new MemoryJobJournal(this.limit);
    this.log = opts.log ?? quiet;
    this.pending = new WriteBehind<Pending>({
      write: (batch) => this.write(batch),
      log: this.log,
      retryMs: opts.retryMs ?? 10_000,
      where: {},
      failedMessage:
        'job journal write to Redis failed; these jobs are kept in memory and written when Redis answers again',
      recoveredMessage: 'job journal writes to Redis again; the jobs kept in memory meanwhile are written',
    });
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.instance = opts.instance ?? randomUUID();
  }

  /**
   * Opens its own connection beside `redis` (same server and options) that never queues or resends a
   * command: a write Redis did not take is a failed write, kept and written again, never a stale one
   * replayed later. Starts the heartbeat.
   */
  static async open(redis: Redis, opts: RedisJournalOptions = {}): Promise<RedisJobJournal> {
    const own = redis.duplicate({
      connectionName: 'scanline-journal',
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
    });
    // Outages are reported once by the journal itself; the client's own errors are expected then.
    own.on('error', () => undefined);
    await own.connect();
    const journal = new RedisJobJournal(own, opts);
    await journal.beat();
    journal.heartbeat = setInterval(() => void journal.beat().catch(() => undefined), journal.heartbeatMs / 3);
    journal.heartbeat.unref();
    // Back from an outage: say we are alive before any replica looks for orphans, then write what waited.
    own.on('ready', journal.onReady);
    return journal;
  }

  /** How often a replica should look for the jobs of processes that are gone (their heartbeat expired). */
  get orphanSweepMs(): number {
    return this.heartbeatMs;
  }

  async put(record: JobRecord): Promise<void> {
    await this.mirror.put(record);
    this.pending.mark(record.id, { created: true });
    await this.flush();
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const pending = this.pending.has(id) ? await this.mirror.get(id) : undefined;
    if (pending) return pending;
    try {
      return await this.read(id);
    } catch {
      return this.mirror.get(id);
    }
  }

  async update(id: string, patch: Partial<Pick<JobRecord, 'state' | 'reply'>>): Promise<void> {
    if (!(await this.mirror.get(id))) {
      // Another process's record (an orphan taken over): patch its newest copy.
      const shared = await this.read(id).catch(() => undefined);
      if (!shared) return;
      await this.mirror.put(shared);
    }
    await this.mirror.update(id, patch);
    this.pending.mark(id, { created: this.pending.tag(id)?.created ?? false });
    await this.flush();
  }

  /**
   * Unfinished jobs of processes that are gone (no heartbeat): each is taken over by this process
   * at once, so two replicas never both recover one. Empty while Redis does not answer.
   */
  async unfinished(platform?: Platform): Promise<JobRecord[]> {
    try {
      await this.forgetDeadNeighbours();
      const ids = (await this.command(() =>
        this.redis.eval(ADOPT, 1, KEYS.unfinished, KEYS.record(''), KEYS.bot(''), this.instance, platform ?? ''),
      )) as string[];
      return await this.readMany(ids);
    } catch {
      return [];
    }
  }

  async recent(): Promise<JobRecord[]> {
    try {
      const ids = await this.command(() => this.redis.zrange(KEYS.order, 0, -1));
      const shared = await this.readMany(ids);
      // What waits to be written is newer than Redis's copy.
      const newer = new Map<string, JobRecord>();
      for (const id of this.pending.ids) {
        const record = await this.mirror.get(id);
        if (record) newer.set(id, record);
      }
      const records = shared.map((r) => newer.get(r.id) ?? r);
      const listed = new Set(shared.map((r) => r.id));
      for (const [id, record] of newer) if (!listed.has(id)) records.push(record);
      return records;
    } catch {
      return this.mirror.recent();
    }
  }

  /** For /healthz: whether Redis takes this process's writes, in one line an operator can act on. */
  health(): { ok: boolean; detail: string } {
    const outage = this.pending.outage;
    if (this.redis.status === 'ready' && !outage) {
      return { ok: true, detail: 'Redis reachable: journal, repeat detection and cancels are shared' };
    }
    const since = outage ? ` for ${Math.round((Date.now() - outage.since) / 1000)} s` : '';
    return {
      ok: false,
      detail: `Redis unreachable${since} (connection ${this.redis.status}); ${this.pending.ids.length} job(s) kept in memory until it answers`,
    };
  }

  /** Ids of jobs whose newest record is only in memory (a write failed). */
  get unwrittenIds(): string[] {
    return this.pending.ids;
  }

  /** Writes what is unwritten; true when everything is in Redis. Never rejects. */
  flush(): Promise<boolean> {
    return this.pending.flush();
  }

  /** Last try at shutdown (what cannot be written is logged with its ids); the heartbeat ends. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    const written = await this.pending.close();
    await this.command(() => this.redis.del(KEYS.bot(this.instance))).catch(() => undefined);
    this.redis.disconnect();
    if (written) return;
    this.log.error(
      { jobs: this.unwrittenIds },
      'job journal: these jobs were never written to Redis; their buttons will not work on another replica or after a restart',
    );
  }

  private readonly onReady = (): void => {
    void this.beat()
      .catch(() => undefined)
      .then(() => this.flush());
  };

  private async beat(): Promise<void> {
    await this.command(() => this.redis.set(KEYS.bot(this.instance), this.whoAmI, 'PX', this.heartbeatMs));
  }

  /**
   * A bot restarted on the same machine need not wait for its predecessor's heartbeat to expire: a
   * heartbeat from this host whose process no longer exists is removed at once. A pid equal to ours
   * (containers start every process as pid 1) proves nothing and waits for the expiry.
   */
  private async forgetDeadNeighbours(): Promise<void> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.command(() =>
        this.redis.scan(cursor, 'MATCH', `${KEYS.bot('')}*`, 'COUNT', 100),
      );
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const values = keys.length > 0 ? await this.command(() => this.redis.mget(...keys)) : [];
    for (const [i, value] of values.entries()) {
      const [host, pid] = (value ?? '').split(' ');
      if (host !== hostname() || !pid || Number(pid) === process.pid || processExists(Number(pid))) continue;
      const key = keys[i];
      // Only if still that process's: it is not refreshed, so the value cannot have changed meanwhile.
      if (key) await this.command(() => this.redis.eval(DELETE_IF, 1, key, value ?? ''));
    }
  }

  private command<T>(run: () => Promise<T>): Promise<T> {
    return boundedCommand(this.redis, this.timeoutMs, run);
  }

  private async read(id: string): Promise<JobRecord | undefined> {
    const [record] = await this.readMany([id]);
    return record;
  }

  private async readMany(ids: string[]): Promise<JobRecord[]> {
    if (ids.length === 0) return [];
    const hashes = await this.command(async () => {
      const batch = this.redis.pipeline();
      for (const id of ids) batch.hmget(KEYS.record(id), 'record', 'state', 'reply', 'updatedAt');
      return (await batch.exec()) ?? [];
    });
    const records: JobRecord[] = [];
    for (const [error, fields] of hashes) {
      const [json, state, reply, updatedAt] = (error ? [] : fields) as (string | null)[];
      if (!json) continue;
      try {
        const base = JSON.parse(json) as JobRecord;
        records.push(
          withTypedReply({
            ...base,
            ...(state ? { state: state as JobState } : {}),
            ...(reply ? { reply: JSON.parse(reply) as JobRecord['reply'] } : {}),
            ...(updatedAt ? { updatedAt: Number(updatedAt) } : {}),
          }),
        );
      } catch {
        // A record some other program wrote by hand: skipped, as a torn line in the file journal.
      }
    }
    return records;
  }

  /** Writes the newest record of each marked job in one transaction; returns the ids forgotten meanwhile. */
  private async write(batch: Marked<Pending>[]): Promise<string[]> {
    const forgotten: string[] = [];
    const writes: [string, Pending, JobRecord][] = [];
    for (const { id, tag } of batch) {
      const record = await this.mirror.get(id);
      // A job forgotten past the limit during a long outage has nothing left to write.
      if (record) writes.push([id, tag, record]);
      else forgotten.push(id);
    }
    if (writes.length === 0) return forgotten;
    await this.command(async () => {
      const multi = this.redis.multi();
      for (const [id, pending, record] of writes) {
        const { reply, ...rest } = record;
        multi.eval(
          WRITE,
          4,
          KEYS.record(id),
          KEYS.order,
          KEYS.unfinished,
          KEYS.seq,
          id,
          JSON.stringify(rest),
          record.state,
          reply ? JSON.stringify(reply) : '',
          String(record.updatedAt),
          String(Math.round(record.updatedAt + this.horizonMs - Date.now())),
          pending.created ? '1' : '0',
          String(this.limit),
          this.instance,
          KEYS.record(''),
          record.from.platform,
        );
      }
      const results = (await multi.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
    });
    return forgotten;
  }
}
