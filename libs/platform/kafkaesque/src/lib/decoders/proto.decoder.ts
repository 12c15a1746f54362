import { fromBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { DecodeError } from '../errors/decode.error';
import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { errorMessage } from '../utils/error-message';

/** A record whose value is the serialized message itself (no JSON around it), e.g. commands sent straight to Kafka. */
export class ProtoDecoder<Desc extends DescMessage> implements MessageDecoder<MessageShape<Desc>> {
  readonly name: string;

  constructor(readonly schema: Desc) {
    this.name = `ProtoDecoder(${schema.typeName})`;
  }

  decode(record: RawRecord): MessageShape<Desc> {
    if (record.value === null) throw new DecodeError(this.name, 'the record has no value (tombstone)');
    try {
      return fromBinary(this.schema, record.value);
    } catch (error) {
      throw new DecodeError(this.name, `the value is not a ${this.schema.typeName}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }
}
