import type { RawRecord } from './raw-record.interface';

/**
 * Turns a record into what handlers receive. A decoder that throws makes the record a
 * DecodeError: never retried, dead-lettered (or blocking without a DLQ).
 */
export interface MessageDecoder<T = unknown> {
  /** Names the decoder in errors and logs, e.g. `DebeziumProtoDecoder(pkg.EventEnvelope)`. */
  readonly name: string;
  /**
   * Every event type the topic can carry, when the decoder knows them: `@OnKafkaEvent` with
   * any other type is a boot error.
   */
  readonly eventTypes?: readonly string[];
  decode(record: RawRecord): T;
  /** The event type of a decoded message, which picks its `@OnKafkaEvent` handler. */
  eventTypeOf?(decoded: T): string | undefined;
}

/** The type a decoder produces: `DecodedOf<typeof decoder>`. */
export type DecodedOf<D> = D extends MessageDecoder<infer T> ? T : never;
