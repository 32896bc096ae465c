// Text a bot echoes (prompts, OCR results, model answers) must never ping people.

/** Zero-width joiner: keeps the text readable while breaking the mention syntax. */
const BREAK = '\u2060';

/**
 * Slack: `<!everyone>`, `<!here>`, `<!channel>`, `<@U…>`, `<!subteam^…>` and links all
 * start with `<`, so escaping `&`, `<` and `>` (Slack's own escaping) shows them as
 * plain text. Bare `@here`-style words are broken too, in case a client parses them.
 */
export function neutraliseSlackMentions(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(everyone|here|channel)\b/gi, `@${BREAK}$1`);
}
