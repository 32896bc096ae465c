import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, requestLocale } from './request-locale.js';

const req = (url: string, acceptLanguage?: string) =>
  ({ url, headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} }) as unknown as IncomingMessage;

describe('request locale', () => {
  it('takes the highest-weighted language we speak from Accept-Language', () => {
    expect(localeFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(localeFromAcceptLanguage('fr-FR, en;q=0.5, zh-TW;q=0.7')).toBe('zh');
    expect(localeFromAcceptLanguage('en-GB,zh;q=0.2')).toBe('en');
    expect(localeFromAcceptLanguage('fr, de;q=0.5')).toBeUndefined();
    expect(localeFromAcceptLanguage('zh;q=0, en;q=0.1')).toBe('en');
  });

  it('prefers what the page says, then ?lang=, then the header, else English', () => {
    expect(requestLocale(req('/', 'en'), 'zh-CN')).toBe('zh');
    expect(requestLocale(req('/api/uploads?lang=zh', 'en'))).toBe('zh');
    expect(requestLocale(req('/', 'zh-CN'), 'fr')).toBe('zh');
    expect(requestLocale(req('/'))).toBe('en');
  });
});
