import { describe, expect, it } from 'vitest';
import { ScanlineError } from '../../common/errors.js';
import {
  checkAttachmentUrl,
  createAttachmentPolicy,
  DEFAULT_ATTACHMENT_HOSTS,
  isUrlAllowed,
  parseHostList,
} from './attachment-policy.js';

const allowed = (url: string, extraHosts: string[] = []): boolean =>
  isUrlAllowed(new URL(url), createAttachmentPolicy({ extraHosts }));

describe('attachment policy', () => {
  it('allows the platform CDNs over https only', () => {
    expect(allowed('https://cdn.discordapp.com/attachments/1/2/cat.png?ex=1')).toBe(true);
    expect(allowed('https://media.discordapp.net/attachments/1/2/cat.png')).toBe(true);
    expect(allowed('https://files.slack.com/files-pri/T1-F2/cat.png')).toBe(true);
    expect(allowed('http://cdn.discordapp.com/attachments/1/2/cat.png')).toBe(false);
    expect(allowed('https://evil.example/cat.png')).toBe(false);
    expect(allowed('https://cdn.discordapp.com.evil.example/cat.png')).toBe(false);
    expect(allowed('https://notcdn.discordapp.com/cat.png')).toBe(false);
    expect(allowed('ftp://cdn.discordapp.com/cat.png')).toBe(false);
    expect(allowed('https://user:pw@cdn.discordapp.com/cat.png')).toBe(false);
  });

  it('matches host case-insensitively and ports only when the entry names one', () => {
    expect(allowed('https://CDN.DiscordApp.com/a.png')).toBe(true);
    expect(allowed('http://127.0.0.1:4000/a.png', ['127.0.0.1'])).toBe(true);
    expect(allowed('http://127.0.0.1:5000/a.png', ['127.0.0.1:4000'])).toBe(false);
    expect(allowed('http://127.0.0.1:4000/a.png', ['127.0.0.1:4000'])).toBe(true);
    expect(allowed('https://files.example.com/a.png', ['files.example.com:443'])).toBe(true);
    expect(allowed('http://[::1]:9/a.png', ['[::1]'])).toBe(true);
  });

  it('treats *.suffix as any subdomain but not the apex', () => {
    expect(allowed('https://a.b.example.com/x.png', ['*.example.com'])).toBe(true);
    expect(allowed('https://example.com/x.png', ['*.example.com'])).toBe(false);
    expect(allowed('https://badexample.com/x.png', ['*.example.com'])).toBe(false);
  });

  it('allows plain http only for loopback or entries written with http://', () => {
    expect(allowed('http://files.example.com/a.png', ['files.example.com'])).toBe(false);
    expect(allowed('http://files.example.com/a.png', ['http://files.example.com'])).toBe(true);
    expect(allowed('http://localhost:8080/a.png', ['localhost'])).toBe(true);
    expect(allowed('http://10.0.0.5/a.png', ['10.0.0.5'])).toBe(false);
  });

  it('parses SCANLINE_ATTACHMENT_HOSTS style lists and keeps the defaults', () => {
    expect(parseHostList(' 127.0.0.1:4000, *.example.com  files.test ')).toEqual([
      '127.0.0.1:4000',
      '*.example.com',
      'files.test',
    ]);
    expect(parseHostList(undefined)).toEqual([]);
    const policy = createAttachmentPolicy({ extraHosts: '127.0.0.1' });
    expect(policy.allowedHosts).toEqual([...DEFAULT_ATTACHMENT_HOSTS, '127.0.0.1']);
    expect(policy.maxBytes).toBeGreaterThan(0);
  });

  it('rejects malformed entries at start with a config error', () => {
    expect(() => createAttachmentPolicy({ extraHosts: ['https://files.example.com/path'] })).toThrow(ScanlineError);
    expect(() => createAttachmentPolicy({ extraHosts: ['exa mple'] })).toThrow(/not a host name/);
    expect(() => createAttachmentPolicy({ maxBytes: 0 })).toThrow(/maxBytes/);
  });

  it('throws download_host naming the refused host', () => {
    const policy = createAttachmentPolicy();
    try {
      checkAttachmentUrl('https://evil.example:8443/x.png', policy);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScanlineError);
      expect((error as ScanlineError).code).toBe('download_host');
      expect((error as ScanlineError).params.host).toBe('evil.example:8443');
    }
    expect(() => checkAttachmentUrl('not a url', policy)).toThrow(/not an allowed host/);
    expect(checkAttachmentUrl('https://cdn.discordapp.com/a.png', policy).hostname).toBe('cdn.discordapp.com');
  });
});
