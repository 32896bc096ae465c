import { ScanlineError } from '../../common/errors.js';
import { checkAttachmentUrl, type AttachmentPolicy } from './attachment-policy.js';
import { looksLikeHtml } from './sniff.js';

export interface DownloadOptions {
  policy: AttachmentPolicy;
  /** Request headers, e.g. Slack's `Authorization: Bearer`; credentials never follow a redirect to another host. */
  headers?: Record<string, string>;
  /** Caller cancellation; its reason is rethrown as is. */
  signal?: AbortSignal;
  /** File name shown in error messages. */
  name?: string;
  /** Injected fetch (tests); defaults to the global one. */
  fetch?: typeof fetch;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that carry the user's or the bot's identity. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

export function attachmentNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last).slice(0, 200) : 'attachment';
  } catch {
    return 'attachment';
  }
}

function limitMb(maxBytes: number): number {
  return Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
}

/** A failure detail that says what happened without leaking URLs or tokens. */
function networkDetail(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return `network error ${code}`;
  return 'network error';
}

function isHtmlContentType(contentType: string | null): boolean {
  return contentType !== null && /^\s*(?:text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

function htmlAnswer(name: string): ScanlineError {
  return new ScanlineError('download_failed', {
    name,
    detail: 'the server sent a web page instead of the file; the bot may not have permission to read it',
  });
}

/**
 * Downloads an attachment under the policy: every hop is checked against the
 * host allowlist, the body is capped at `maxBytes` while streaming, and one
 * timeout covers the whole download.
 */
export async function downloadImage(url: string, options: DownloadOptions): Promise<Uint8Array> {
  const { policy } = options;
  const name = options.name ?? attachmentNameFromUrl(url);
  const doFetch = options.fetch ?? fetch;
  const callerSignal = options.signal;
  callerSignal?.throwIfAborted();

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('download timeout'));
  }, policy.timeoutMs);
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  // Turns an abort into the caller's reason or a timeout; anything else passes through.
  const translate = (error: unknown): unknown => {
    if (error instanceof ScanlineError) return error;
    if (callerSignal?.aborted) return callerSignal.reason;
    if (timedOut) {
      return new ScanlineError(
        'download_timeout',
        { name, seconds: Math.round(policy.timeoutMs / 100) / 10 },
        { cause: error },
      );
    }
    return new ScanlineError('download_failed', { name, detail: networkDetail(error) }, { cause: error });
  };

  try {
    const origin = checkAttachmentUrl(url, policy);
    let current = origin;
    let headers: Record<string, string> = { ...(options.headers ?? {}) };
    const seen = new Set<string>([current.href]);

    for (let hops = 0; ; hops += 1) {
      let response: Response;
      try {
        response = await doFetch(current, { redirect: 'manual', headers, signal: controller.signal });
      } catch (error) {
        throw translate(error);
      }

      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) {
          throw new ScanlineError('download_failed', { name, detail: `HTTP ${response.status} without a Location` });
        }
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          throw new ScanlineError('download_failed', { name, detail: 'a redirect to an invalid address' });
        }
        checkAttachmentUrl(next, policy);
        if (seen.has(next.href)) throw new ScanlineError('download_failed', { name, detail: 'a redirect loop' });
        if (hops + 1 > policy.maxRedirects) {
          throw new ScanlineError('download_failed', { name, detail: `more than ${policy.maxRedirects} redirects` });
        }
        seen.add(next.href);
        if (next.host !== origin.host || next.protocol !== origin.protocol) {
          headers = Object.fromEntries(
            Object.entries(headers).filter(([key]) => !CREDENTIAL_HEADERS.has(key.toLowerCase())),
          );
        }
        current = next;
        continue;
      }

      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new ScanlineError('download_failed', { name, detail: `HTTP ${response.status}` });
      }
      if (isHtmlContentType(response.headers.get('content-type'))) {
        await response.body?.cancel().catch(() => undefined);
        throw htmlAnswer(name);
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > policy.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new ScanlineError('file_too_large', { name, limitMb: limitMb(policy.maxBytes) });
      }

      const bytes = await readCapped(response, policy.maxBytes, name).catch((error: unknown) => {
        throw translate(error);
      });
      if (looksLikeHtml(bytes)) throw htmlAnswer(name);
      return bytes;
    }
  } catch (error) {
    throw translate(error);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

/** Reads the body, stopping as soon as it passes the cap (Content-Length may be absent or wrong). */
async function readCapped(response: Response, maxBytes: number, name: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ScanlineError('file_too_large', { name, limitMb: limitMb(maxBytes) });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
