// A process that journals jobs in Redis and is then killed with SIGKILL (no close, no last
// write): what a replica that crashes leaves behind. Run with `node --import tsx`.
// argv: redis url, heartbeat ms, then `id:platform:state` per job.
import pino from 'pino';
import { openRedis } from '../../src/pipeline/redis/redis-connection.js';
import { RedisJobJournal } from '../../src/pipeline/redis/redis-job-journal.js';
import type { JobState, Platform } from '../../src/pipeline/types.js';
import { journalRecord } from './journal-contract.js';

const [url = '', heartbeatMs = '15000', ...jobs] = process.argv.slice(2);
const redis = openRedis(url, { name: 'scanline-test-doomed', log: pino({ level: 'silent' }) });
await redis.connect();
const journal = await RedisJobJournal.open(redis, { heartbeatMs: Number(heartbeatMs) });
for (const job of jobs) {
  const [id = '', platform = 'discord', state = 'queued'] = job.split(':');
  const record = journalRecord(id, state as JobState);
  await journal.put({ ...record, from: { ...record.from, platform: platform as Platform } });
}
process.stdout.write('journaled\n');
setInterval(() => undefined, 60_000);
