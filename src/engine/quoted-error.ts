/** An error as a reply may quote it: its first line, cut short (ONNX Runtime's messages run to paths and stacks). */
export function quotedError(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  return message.length > 160 ? `${message.slice(0, 159)}…` : message;
}
