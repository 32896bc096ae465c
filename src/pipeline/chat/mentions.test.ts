import { describe, expect, it } from 'vitest';
import { neutraliseSlackMentions } from './mentions.js';

describe('neutraliseSlackMentions', () => {
  it.each(['<!everyone>', '<!here>', '<!channel>', '<@U0123ABC>', '<!subteam^S012|@team>', '<https://x.test|click>'])(
    'leaves no Slack control sequence in %s',
    (input) => {
      const out = neutraliseSlackMentions(`hi ${input} there`);
      expect(out).not.toContain('<');
      expect(out).not.toContain('>');
      expect(out).toContain('&lt;');
    },
  );

  it('breaks bare @here and escapes ampersands first', () => {
    expect(neutraliseSlackMentions('a & b @here')).toBe('a &amp; b @\u2060here');
    expect(neutraliseSlackMentions('&lt;')).toBe('&amp;lt;');
  });

  it('keeps ordinary text as is', () => {
    expect(neutraliseSlackMentions('OPEN 9:00-18:00 欢迎光临')).toBe('OPEN 9:00-18:00 欢迎光临');
  });
});
