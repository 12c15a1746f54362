import { AsyncLocalStorage } from 'node:async_hooks';

/** Extra fields for every log line written inside a {@link withLogFields} call, e.g. topic, partition, offset. */
export type LogFields = Record<string, unknown>;

const storage = new AsyncLocalStorage<LogFields>();

/**
 * Runs `fn` with `fields` added to every JsonLogger line it writes, including lines from code
 * that knows nothing about the message being handled (a repository, an HTTP client).
 * Nested calls add to the outer fields; an inner value wins over an outer one.
 */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** The fields set by the enclosing {@link withLogFields} calls; empty outside any. */
export function currentLogFields(): LogFields {
  return storage.getStore() ?? {};
}
