/**
 * Whether another attempt may help. Everything is retriable except NonRetriableError (and so
 * DecodeError) and any error that says `retriable: false` about itself, as kafkajs errors do.
 */
export function isRetriable(error: unknown): boolean {
  return !(
    typeof error === 'object' &&
    error !== null &&
    (error as { retriable?: unknown }).retriable === false
  );
}
