import type { DescMessage, DescOneof, MessageShape } from '@bufbuild/protobuf';
import { DecodeError } from '../errors/decode.error';
import { InvalidDecoderOptionsError } from '../errors/invalid-decoder-options.error';
import type { MessageDecoder } from '../interfaces/message-decoder.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { findOneof, oneofFieldNames, readOneofCase } from './oneof-case';
import { ProtoDecoder } from './proto.decoder';

/** A command envelope decoded: the set case of its payload oneof names the command. */
export interface DecodedCommand<Desc extends DescMessage = DescMessage, Data = unknown> {
  /** snake_case name of the set oneof field, e.g. `enable_add_on`; `@OnKafkaEvent` dispatches on it. */
  readonly commandType: string;
  readonly commandData: Data;
  readonly protoPayload: MessageShape<Desc>;
}

export interface CommandDecoderOptions {
  /** The envelope's oneof holding the command. Default `command_payload`, as in kafkaesque. */
  readonly payloadField?: string;
}

/**
 * kafkaesque's CommandDecoder: the value is a serialized command envelope (raw proto bytes)
 * whose oneof holds one command. An envelope with no command set is a DecodeError.
 */
export class CommandDecoder<Desc extends DescMessage> implements MessageDecoder<DecodedCommand<Desc>> {
  readonly name: string;
  readonly eventTypes: readonly string[];
  private readonly proto: ProtoDecoder<Desc>;
  private readonly oneof: DescOneof;

  constructor(schema: Desc, options: CommandDecoderOptions = {}) {
    this.name = `CommandDecoder(${schema.typeName})`;
    this.proto = new ProtoDecoder(schema);
    const oneof = findOneof(schema, this.name, options.payloadField ?? 'command_payload');
    if (!oneof)
      throw new InvalidDecoderOptionsError(
        this.name,
        `${schema.typeName} has no oneof to read the command from`,
      );
    this.oneof = oneof;
    this.eventTypes = oneofFieldNames(oneof);
  }

  decode(record: RawRecord): DecodedCommand<Desc> {
    const protoPayload = this.proto.decode(record);
    const set = readOneofCase(protoPayload, this.oneof);
    if (!set)
      throw new DecodeError(
        this.name,
        `the envelope has no command set (oneof "${this.oneof.name}" is empty)`,
      );
    return { commandType: set.type, commandData: set.data, protoPayload };
  }

  eventTypeOf(decoded: DecodedCommand<Desc>): string {
    return decoded.commandType;
  }
}
