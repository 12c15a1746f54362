/** Delay before the retry that follows failed attempt `attempt` (1-based): initial, 2x, 4x... capped. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(initialMs * 2 ** (attempt - 1), maxMs);
}
