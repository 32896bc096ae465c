/** The dashes a seed flag may start with (as the router reads them: phones and IMEs turn `--` into these). */
const SEED_FLAG_RE = /((?:^|[\s(（,，])(?:--|—{1,2}|–{1,2}|－－|−−)seed)(=|\s+)(\d+)/gi;

/** A rerolled instruction as it ran: its `--seed N` says the new seed (the request's seed parameter wins over the text's). */
export function withSeed(text: string, seed: number): string {
  return text.replace(SEED_FLAG_RE, (_whole, flag: string, gap: string) => `${flag}${gap}${seed}`);
}
