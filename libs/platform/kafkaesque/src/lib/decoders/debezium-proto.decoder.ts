import { fromBinary, type DescMessage, type DescOneof, type MessageShape } from '@bufbuild/protobuf';
import { DecodeError } from '../errors/decode.error';
import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { debeziumTimestampToDate } from './debezium-timestamp';
import { errorMessage } from '../utils/error-message';
import { findOneof, oneofFieldNames, readOneofCase } from './oneof-case';

/** What a handler receives from DebeziumProtoDecoder: kafkaesque's `%{event_uuid, event_type, timestamp, proto_payload}`. */
export interface DebeziumEvent<Desc extends DescMessage = DescMessage, Data = unknown> {
  /** The outbox row's uuid: the idempotency key. */
  readonly eventUuid: string;
  /** snake_case name of the envelope's set oneof field, e.g. `add_on_enabled`. */
  readonly eventType: string;
  /** The outbox row's timestamp (milliseconds kept, microseconds dropped). */
  readonly timestamp: Date;
  /** The decoded topic envelope. */
  readonly protoPayload: MessageShape<Desc>;
  /** The event inside the envelope (the set oneof case's value); the envelope itself when it has no oneof. */
  readonly eventData: Data;
}

export interface DebeziumProtoDecoderOptions {
  /** The envelope's oneof holding the event; needed only when the envelope has several. */
  readonly oneof?: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes the outbox records Debezium's EventRouter publishes (docs/wire-contract.md): a
 * UTF-8 JSON value `{"uuid", "event_type", "timestamp", "payload"}` whose payload is the
 * base64 of the serialized topic envelope. Unknown JSON fields are ignored. Anything else
 * (bad JSON, a missing field, bad base64, bytes that are not the envelope, an envelope whose
 * set oneof case is not `event_type`) is a DecodeError.
 */
export class DebeziumProtoDecoder<Desc extends DescMessage> implements MessageDecoder<DebeziumEvent<Desc>> {
  readonly name: string;
  readonly eventTypes?: readonly string[];
  private readonly oneof: DescOneof | undefined;

  constructor(
    readonly schema: Desc,
    options: DebeziumProtoDecoderOptions = {},
  ) {
    this.name = `DebeziumProtoDecoder(${schema.typeName})`;
    this.oneof = findOneof(schema, this.name, options.oneof);
    if (this.oneof) this.eventTypes = oneofFieldNames(this.oneof);
  }

  decode(record: RawRecord): DebeziumEvent<Desc> {
    const json = this.parseJson(record.value);
    const eventUuid = this.requireString(json, 'uuid');
    const eventType = this.requireString(json, 'event_type');
    const payload = this.requireString(json, 'payload');
    const timestamp = json['timestamp'];
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw this.fail(
        `"timestamp" must be a non-negative integer (Unix s, ms or µs), got ${JSON.stringify(timestamp)}`,
      );
    }
    if (!BASE64.test(payload)) throw this.fail('"payload" is not valid base64');

    let protoPayload: MessageShape<Desc>;
    try {
      protoPayload = fromBinary(this.schema, Buffer.from(payload, 'base64'));
    } catch (error) {
      throw this.fail(`"payload" is not a ${this.schema.typeName}: ${errorMessage(error)}`, error);
    }

    let eventData: unknown = protoPayload;
    if (this.oneof) {
      const set = readOneofCase(protoPayload, this.oneof);
      if (!set)
        throw this.fail(
          `the envelope has no event set (oneof "${this.oneof.name}" is empty), event_type is "${eventType}"`,
        );
      if (set.type !== eventType)
        throw this.fail(`event_type is "${eventType}" but the envelope holds "${set.type}"`);
      eventData = set.data;
    }
    return { eventUuid, eventType, timestamp: debeziumTimestampToDate(timestamp), protoPayload, eventData };
  }

  eventTypeOf(decoded: DebeziumEvent<Desc>): string {
    return decoded.eventType;
  }

  private parseJson(value: Buffer | null): Record<string, unknown> {
    if (value === null) throw this.fail('the record has no value (tombstone)');
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.toString('utf8'));
    } catch (error) {
      throw this.fail(`the value is not JSON: ${errorMessage(error)}`, error);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw this.fail('the value is not a JSON object');
    return parsed as Record<string, unknown>;
  }

  private requireString(json: Record<string, unknown>, field: string): string {
    const value = json[field];
    if (value === undefined || value === null) throw this.fail(`"${field}" is missing`);
    if (typeof value !== 'string' || value === '') throw this.fail(`"${field}" must be a non-empty string`);
    return value;
  }

  private fail(reason: string, cause?: unknown): DecodeError {
    return new DecodeError(this.name, reason, cause === undefined ? undefined : { cause });
  }
}
