// Who is asking: the user's Slack locale and admin flag (users.info), cached for a while.
import type { WebClient } from '@slack/web-api';
import type { Locale } from '../../pipeline/index.js';
import { localeFromSlack } from './slack-text.js';

export interface SlackPerson {
  name?: string;
  locale?: Locale;
  /** Workspace admins and owners may cancel or delete anyone's job. */
  isModerator: boolean;
  /** Workspace admins and owners may change Scanline's settings and read its usage (`/scanline`). */
  isAdmin: boolean;
}

const TTL_MS = 10 * 60 * 1000;

export class SlackPeople {
  private readonly cache = new Map<string, { person: SlackPerson; until: number }>();
  private readonly client: WebClient;

  constructor(client: WebClient) {
    this.client = client;
  }

  async get(userId: string): Promise<SlackPerson> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > Date.now()) return hit.person;
    let person: SlackPerson = { isModerator: false, isAdmin: false };
    try {
      const answer = await this.client.users.info({ user: userId, include_locale: true });
      const u = answer.user;
      person = {
        ...(u?.name ? { name: u.name } : {}),
        ...(localeFromSlack(u?.locale) ? { locale: localeFromSlack(u?.locale) } : {}),
        isModerator: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
        isAdmin: Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner),
      };
    } catch {
      // Without users:read we still answer, in the language of the text.
    }
    this.cache.set(userId, { person, until: Date.now() + TTL_MS });
    if (this.cache.size > 5000) this.cache.delete(this.cache.keys().next().value as string);
    return person;
  }
}
