import { pino, type Logger, type DestinationStream } from 'pino';

// Token shapes of the platforms we talk to; a secret that slips into a message is still masked.
const TOKEN_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]{8,}/g, // Slack bot/user/app tokens
  /xapp-[A-Za-z0-9-]{8,}/g, // Slack app-level tokens
  /hf_[A-Za-z0-9]{20,}/g, // Hugging Face tokens
  /[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}/g, // Discord bot tokens
  /(Bearer|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization header values
];

const REDACTED = '[redacted]';

/** Masks every known secret value and token shape in a string. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

function scrubValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubText(value.message, secrets),
      stack: value.stack && scrubText(value.stack, secrets),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = /token|secret|password|authorization/i.test(key) ? REDACTED : scrubValue(v, secrets, depth + 1);
  }
  return out;
}

/**
 * Structured JSON logs (pino). Every field and message is scrubbed of the
 * configured secret values and of anything shaped like a platform token.
 */
export function createLogger(
  opts: { level: string; secrets: readonly (string | undefined)[] },
  destination?: DestinationStream,
): Logger {
  const secrets = opts.secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return pino(
    {
      level: opts.level,
      base: { app: 'scanline' },
      formatters: {
        log: (object) => scrubValue(object, secrets, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a, secrets) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}

export type { Logger };
