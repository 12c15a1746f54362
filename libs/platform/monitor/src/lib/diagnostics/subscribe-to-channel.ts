import diagnosticsChannel from 'node:diagnostics_channel';

/**
 * Listens to a `node:diagnostics_channel` channel, the way the monitor turns framework
 * events (a message dead-lettered, a retry scheduled) into metrics and logs without the
 * framework importing the monitor. Returns the function that stops listening.
 *
 * A listener that throws would surface in the publisher's process as an uncaught exception,
 * so errors are reported to `onError` (ignored by default) instead.
 */
export function subscribeToChannel<T = unknown>(
  name: string,
  listener: (message: T) => void,
  onError: (error: unknown) => void = () => undefined,
): () => void {
  const safe = (message: unknown): void => {
    try {
      listener(message as T);
    } catch (error) {
      onError(error);
    }
  };
  diagnosticsChannel.subscribe(name, safe);
  return () => {
    diagnosticsChannel.unsubscribe(name, safe);
  };
}
