/** Cookie names of the playground. */
export const SESSION_COOKIE = 'scanline_session';
export const AUTH_COOKIE = 'scanline_auth';

/** The cookies of a request header; the first of a repeated name wins, as browsers send the most specific first. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** An HttpOnly, SameSite=Lax cookie for the whole site (Lax so a link from elsewhere still opens the session). */
export function cookieHeader(name: string, value: string, opts: { maxAgeS?: number; secure?: boolean } = {}): string {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (opts.maxAgeS !== undefined) parts.push(`Max-Age=${opts.maxAgeS}`);
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}
