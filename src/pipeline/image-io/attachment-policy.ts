import { ScanlineError } from '../../common/errors.js';

/** Where attachments may be downloaded from, and how much of them. */
export interface AttachmentPolicy {
  /**
   * Host patterns: `host`, `host:port`, `*.suffix` (any subdomain, not the apex),
   * optionally prefixed `http://` to allow plain http for that entry. A pattern
   * without a port matches any port. Plain http is otherwise allowed only for
   * loopback hosts.
   */
  allowedHosts: string[];
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Wall time for the whole download, redirects included. */
  timeoutMs: number;
  /** Redirect hops followed before giving up. */
  maxRedirects: number;
}

/** The CDNs that serve uploaded files on each platform. */
export const PLATFORM_ATTACHMENT_HOSTS = {
  discord: ['cdn.discordapp.com', 'media.discordapp.net'],
  // Slack serves `url_private` and `thumb_*` from files.slack.com (Bearer token required).
  slack: ['files.slack.com'],
} as const satisfies Record<string, readonly string[]>;

export const DEFAULT_ATTACHMENT_HOSTS: readonly string[] = [
  ...PLATFORM_ATTACHMENT_HOSTS.discord,
  ...PLATFORM_ATTACHMENT_HOSTS.slack,
];

export const DEFAULT_MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_REDIRECTS = 5;

export interface AttachmentPolicyOptions {
  /** Extra host patterns (SCANLINE_ATTACHMENT_HOSTS, already split or as the raw string). */
  extraHosts?: readonly string[] | string;
  /** Replaces the platform CDN list (rarely wanted; tests and self-hosted fakes). */
  baseHosts?: readonly string[];
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
}

/** Splits a comma/space separated host list such as `SCANLINE_ATTACHMENT_HOSTS`. */
export function parseHostList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

export function createAttachmentPolicy(options: AttachmentPolicyOptions = {}): AttachmentPolicy {
  const extra =
    typeof options.extraHosts === 'string' ? parseHostList(options.extraHosts) : [...(options.extraHosts ?? [])];
  const hosts = [...(options.baseHosts ?? DEFAULT_ATTACHMENT_HOSTS), ...extra];
  for (const host of hosts) parseHostPattern(host); // fail at start, not on the first download
  return {
    allowedHosts: hosts,
    maxBytes: positive(options.maxBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES, 'maxBytes'),
    timeoutMs: positive(options.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS, 'timeoutMs'),
    maxRedirects: Math.max(0, Math.floor(options.maxRedirects ?? DEFAULT_MAX_REDIRECTS)),
  };
}

function positive(value: number, what: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ScanlineError('config', { detail: `Attachment ${what} must be a positive number, got ${value}.` });
  }
  return value;
}

interface HostPattern {
  /** Lower-case host name (IPv6 in brackets); for wildcards, the suffix after `*.`. */
  host: string;
  wildcard: boolean;
  /** Explicit port, or undefined for any port. */
  port: string | undefined;
  allowHttp: boolean;
}

const PATTERN_RE = /^(?:(https?):\/\/)?(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?\/?$/i;

function parseHostPattern(entry: string): HostPattern {
  const match = PATTERN_RE.exec(entry.trim());
  if (!match) {
    throw new ScanlineError('config', {
      detail: `Attachment host "${entry}" is not a host name (examples: files.example.com, *.example.com, 127.0.0.1:4000).`,
    });
  }
  const [, scheme, star, host = '', port] = match;
  return {
    host: host.toLowerCase(),
    wildcard: star !== undefined,
    port,
    allowHttp: scheme?.toLowerCase() === 'http',
  };
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'http:' ? '80' : '443';
}

function matches(pattern: HostPattern, url: URL): boolean {
  const host = url.hostname.toLowerCase();
  const hostOk = pattern.wildcard ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
  if (!hostOk) return false;
  return pattern.port === undefined || pattern.port === effectivePort(url);
}

/** True when the policy lets this URL be fetched (scheme, host and port). */
export function isUrlAllowed(url: URL, policy: Pick<AttachmentPolicy, 'allowedHosts'>): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  // Credentials in the URL would be sent to the host; attachment URLs never carry them.
  if (url.username || url.password) return false;
  for (const entry of policy.allowedHosts) {
    const pattern = parseHostPattern(entry);
    if (!matches(pattern, url)) continue;
    if (url.protocol === 'https:' || pattern.allowHttp || isLoopbackHost(url.hostname)) return true;
  }
  return false;
}

/** Parses the URL and throws `download_host` unless the policy allows it. */
export function checkAttachmentUrl(url: string | URL, policy: Pick<AttachmentPolicy, 'allowedHosts'>): URL {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new ScanlineError('download_host', { host: String(url).slice(0, 100) });
  }
  if (!isUrlAllowed(parsed, policy)) {
    // Show the scheme unless it is https, so "http://files.slack.com" explains itself.
    const shown = parsed.protocol === 'https:' ? parsed.host : `${parsed.protocol}//${parsed.host}`;
    throw new ScanlineError('download_host', { host: shown });
  }
  return parsed;
}
