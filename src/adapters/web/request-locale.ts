import type { IncomingMessage } from 'node:http';
import type { Locale } from '../../pipeline/index.js';

function asLocale(tag: string): Locale | undefined {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/** The first language we speak from an Accept-Language header, by the q weights the browser gave. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { locale: asLocale(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.locale !== undefined && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.locale;
}

/** The page says which language it shows (from navigator.language); else the browser's header; else English. */
export function requestLocale(req: IncomingMessage, stated?: unknown): Locale {
  if (typeof stated === 'string') {
    const locale = asLocale(stated);
    if (locale) return locale;
  }
  const param = new URL(req.url ?? '/', 'http://playground').searchParams.get('lang');
  return (param ? asLocale(param) : undefined) ?? localeFromAcceptLanguage(req.headers['accept-language']) ?? 'en';
}
