// Bolt and its clients log through our pino logger (which masks tokens), not the console.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

const format = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');

export function boltLogger(log: Logger): BoltLogger {
  let level = log.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO;
  let name = 'bolt';
  return {
    debug: (...msg: unknown[]) => log.debug({ part: name }, format(msg)),
    info: (...msg: unknown[]) => log.info({ part: name }, format(msg)),
    warn: (...msg: unknown[]) => log.warn({ part: name }, format(msg)),
    error: (...msg: unknown[]) => log.error({ part: name }, format(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}
