import type { KafkaHeaderValue, RawRecord } from '@platform/kafkaesque';

/** Where a message's event uuid is: given the decoded message and the record it came from. */
export type EventUuidOf<T = unknown> = (message: T, record: RawRecord) => string | null | undefined;

/** The default: `eventUuid` of a DebeziumEvent (the outbox row's `uuid`). */
export const debeziumEventUuid: EventUuidOf = (message) => {
  if (typeof message !== 'object' || message === null) return undefined;
  const uuid = (message as { eventUuid?: unknown }).eventUuid;
  return typeof uuid === 'string' ? uuid : undefined;
};

/** Reads the uuid from a header, e.g. Debezium EventRouter's `id` (the default name). */
export function uuidFromHeader(name = 'id'): EventUuidOf {
  return (_message, record) => headerText(record.headers[name]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The uuid in lower case, or undefined when `value` is not a uuid. */
export function normalizeEventUuid(value: unknown): string | undefined {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
}

function headerText(value: KafkaHeaderValue): string | undefined {
  if (Array.isArray(value)) return headerText(value.find((v) => v !== null && v !== undefined));
  if (value === null || value === undefined) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : value;
}
