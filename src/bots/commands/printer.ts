/** Where a command writes: results to stdout, progress and errors to stderr. */
export interface Printer {
  out(text: string): void;
  err(text: string): void;
}
