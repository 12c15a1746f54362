import { DecodeError } from '../errors/decode.error';
import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { errorMessage } from '../utils/error-message';

export interface JsonDecoderOptions<T> {
  /** Checks (and types) the parsed value; throwing makes the record a DecodeError. */
  readonly validate?: (value: unknown) => T;
  /** Reads the event type for `@OnKafkaEvent`, e.g. `(v) => v.type`. */
  readonly eventTypeOf?: (value: T) => string | undefined;
  /** The event types the topic carries, when known: handlers for others fail at boot. */
  readonly eventTypes?: readonly string[];
}

/** A UTF-8 JSON value. */
export class JsonDecoder<T = unknown> implements MessageDecoder<T> {
  readonly name = 'JsonDecoder';
  readonly eventTypes?: readonly string[];
  readonly eventTypeOf?: (value: T) => string | undefined;

  constructor(private readonly options: JsonDecoderOptions<T> = {}) {
    this.eventTypes = options.eventTypes;
    this.eventTypeOf = options.eventTypeOf;
  }

  decode(record: RawRecord): T {
    if (record.value === null) throw new DecodeError(this.name, 'the record has no value (tombstone)');
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.value.toString('utf8'));
    } catch (error) {
      throw new DecodeError(this.name, `the value is not JSON: ${errorMessage(error)}`, { cause: error });
    }
    if (!this.options.validate) return parsed as T;
    try {
      return this.options.validate(parsed);
    } catch (error) {
      throw new DecodeError(this.name, `the value failed validation: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}
