// Scanline previews: the token grid with its unknown rows filled in, so the
// decoder (which always takes a full grid) can draw the rows already finished.

/**
 * Tokens for a preview decode after `rowsDone` full rows: the finished tokens,
 * then every unknown row as a copy of the last finished one (a neutral guess
 * that keeps the decoder's neighbourhood of the last row plausible).
 */
export function fillUnknownRows(tokens: readonly number[], rowsDone: number, grid: number): number[] {
  if (rowsDone < 1 || rowsDone > grid) throw new Error(`rowsDone must be 1..${grid}`);
  if (tokens.length < rowsDone * grid) throw new Error('fewer tokens than finished rows');
  const out = tokens.slice(0, rowsDone * grid);
  const last = out.slice((rowsDone - 1) * grid, rowsDone * grid);
  for (let r = rowsDone; r < grid; r++) out.push(...last);
  return out;
}
