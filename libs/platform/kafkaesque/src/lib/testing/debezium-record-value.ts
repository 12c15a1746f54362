export interface DebeziumRecordFields {
  readonly uuid: string;
  readonly eventType: string;
  /** Unix seconds, milliseconds or microseconds, as the producer sends it. Default: now, in µs as Debezium sends a TIMESTAMP. */
  readonly timestamp?: number;
  /** The serialized envelope (`toBinary(EnvelopeSchema, envelope)`). */
  readonly payload: Uint8Array;
}

/**
 * The value Debezium's EventRouter publishes for one outbox row (docs/wire-contract.md):
 * UTF-8 JSON with the envelope bytes in base64. For tests that feed DebeziumProtoDecoder.
 */
export function debeziumRecordValue(fields: DebeziumRecordFields): Buffer {
  return Buffer.from(
    JSON.stringify({
      uuid: fields.uuid,
      event_type: fields.eventType,
      timestamp: fields.timestamp ?? Date.now() * 1000,
      payload: Buffer.from(fields.payload).toString('base64'),
    }),
    'utf8',
  );
}
