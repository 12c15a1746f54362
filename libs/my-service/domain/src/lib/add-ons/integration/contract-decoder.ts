import type { RawRecord } from '@platform/testing';

/**
 * A decoder written from docs/wire-contract.md alone, independent of the consumer framework:
 * JSON value -> base64 payload -> envelope bytes. Extra fields would be a contract change,
 * so this one is strict.
 */
export function decodeContractRecord(record: RawRecord) {
  const value = JSON.parse(record.value?.toString('utf8') ?? 'null') as Record<string, unknown>;
  const keys = Object.keys(value).sort();
  if (keys.join(',') !== 'event_type,payload,timestamp,uuid')
    throw new Error(`unexpected value fields: ${keys.join(',')}`);
  const header = (name: string) => {
    const h = record.headers[name];
    return h === undefined || h === null ? h : Buffer.isBuffer(h) ? h.toString('utf8') : String(h);
  };
  return {
    key: record.key?.toString('utf8'),
    uuid: value.uuid as string,
    eventType: value.event_type as string,
    timestamp: value.timestamp as number,
    payload: Buffer.from(value.payload as string, 'base64'),
    headers: { id: header('id'), eventType: header('event_type'), traceContext: header('trace_context') },
    headerNames: Object.keys(record.headers).sort(),
  };
}
