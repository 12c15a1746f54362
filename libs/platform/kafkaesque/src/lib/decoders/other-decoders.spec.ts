import { create, toBinary } from '@bufbuild/protobuf';
import { AddOnDisabledSchema, AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import { DecodeError } from '../errors/decode.error';
import { InvalidDecoderOptionsError } from '../errors/invalid-decoder-options.error';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { CommandDecoder } from './command.decoder';
import { debeziumTimestampToDate } from './debezium-timestamp';
import { JsonDecoder } from './json.decoder';
import { ProtoDecoder } from './proto.decoder';
import { RawDecoder } from './raw.decoder';

const EnvelopeSchema = eventCatalog.addOnsAddOnEventsV1.envelope;

function record(value: Buffer | string | null): RawRecord {
  return {
    topic: 't',
    partition: 0,
    offset: '0',
    key: null,
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers: {},
    timestamp: '0',
  };
}

describe('debeziumTimestampToDate', () => {
  it.each([
    [1614091704, '2021-02-23T14:48:24.000Z'],
    [1614091704890, '2021-02-23T14:48:24.890Z'],
    [1614091704890999, '2021-02-23T14:48:24.890Z'],
    // The edges of the guess: 12 digits are seconds (up to the year 33658), 13 are milliseconds.
    [999999999999, '+033658-09-27T01:46:39.000Z'],
    [1000000000000, '2001-09-09T01:46:40.000Z'],
    [0, '1970-01-01T00:00:00.000Z'],
  ])('%d -> %s', (input, iso) => {
    expect(debeziumTimestampToDate(input).toISOString()).toBe(iso);
  });
});

describe('ProtoDecoder', () => {
  const decoder = new ProtoDecoder(AddOnEnabledSchema);

  it('decodes the raw bytes of the schema', () => {
    const bytes = Buffer.from([0x0a, 0x02, 0x70, 0x31]);
    expect(decoder.decode(record(bytes))).toMatchObject({ providerId: 'p1' });
    expect('eventTypes' in decoder).toBe(false);
  });

  it('rejects bytes that are not the schema and tombstones', () => {
    expect(() => decoder.decode(record(Buffer.from([0x0a, 0x05, 0x70])))).toThrow(DecodeError);
    expect(() => decoder.decode(record(null))).toThrow(/tombstone/);
  });
});

describe('CommandDecoder', () => {
  const decoder = new CommandDecoder(EnvelopeSchema, { payloadField: 'payload' });

  it('names the command by the set case of the payload oneof', () => {
    const envelope = create(EnvelopeSchema, {
      payload: { case: 'addOnDisabled', value: create(AddOnDisabledSchema, { providerId: 'p2' }) },
    });
    const decoded = decoder.decode(record(Buffer.from(toBinary(EnvelopeSchema, envelope))));
    expect(decoded.commandType).toBe('add_on_disabled');
    expect(decoded.commandData).toMatchObject({ providerId: 'p2' });
    expect(decoder.eventTypeOf(decoded)).toBe('add_on_disabled');
    // In field-number order; `nx g @tools/starter:event` appends cases, so only the first two are pinned.
    expect(decoder.eventTypes?.slice(0, 2)).toEqual(['add_on_enabled', 'add_on_disabled']);
  });

  it('rejects an envelope without a command', () => {
    expect(() => decoder.decode(record(Buffer.alloc(0)))).toThrow(/no command set/);
  });

  it('defaults to the command_payload oneof and says when the schema has none', () => {
    expect(() => new CommandDecoder(EnvelopeSchema)).toThrow(InvalidDecoderOptionsError);
    expect(() => new CommandDecoder(EnvelopeSchema)).toThrow(
      /has no oneof "command_payload" \(oneofs: payload\)/,
    );
  });
});

describe('JsonDecoder', () => {
  it('parses, validates and reads the event type', () => {
    const decoder = new JsonDecoder<{ type: string }>({
      validate: (v) => {
        if (typeof (v as { type?: unknown }).type !== 'string') throw new Error('type missing');
        return v as { type: string };
      },
      eventTypeOf: (v) => v.type,
    });
    const decoded = decoder.decode(record('{"type":"created","id":1}'));
    expect(decoded).toEqual({ type: 'created', id: 1 });
    expect(decoder.eventTypeOf?.(decoded)).toBe('created');
    expect(() => decoder.decode(record('{"id":1}'))).toThrow(/failed validation: type missing/);
    expect(() => decoder.decode(record('nope'))).toThrow(DecodeError);
  });
});

describe('RawDecoder', () => {
  it('hands over the bytes untouched', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    expect(new RawDecoder().decode(record(bytes))).toBe(bytes);
    expect(new RawDecoder().decode(record(null))).toBeNull();
  });
});
