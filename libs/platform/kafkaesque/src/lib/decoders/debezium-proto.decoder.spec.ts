import { create, toBinary } from '@bufbuild/protobuf';
import { AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import { DecodeError } from '../errors/decode.error';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { debeziumRecordValue } from '../testing/debezium-record-value';
import { DebeziumProtoDecoder } from './debezium-proto.decoder';

const EnvelopeSchema = eventCatalog.addOnsAddOnEventsV1.envelope;
const decoder = new DebeziumProtoDecoder(EnvelopeSchema);

// Fixed vectors, computed by hand from the proto wire format, not by this code:
//   AddOnEnabled { provider_id (1) = "p1", add_on_code (3) = "sms" } = 0a 02 70 31 | 1a 03 73 6d 73
//   EventEnvelope { add_on_enabled (1) = <that> }                   = 0a 09 <9 bytes>
//   EventEnvelope { add_on_disabled (2) = same fields }             = 12 09 <9 bytes>
const ENABLED_ENVELOPE = Buffer.from([0x0a, 0x09, 0x0a, 0x02, 0x70, 0x31, 0x1a, 0x03, 0x73, 0x6d, 0x73]);
const ENABLED_BASE64 = 'CgkKAnAxGgNzbXM=';
const DISABLED_BASE64 = 'EgkKAnAxGgNzbXM=';
const UUID = '7eb31508-5ad2-4228-92fe-a7e92a9b20f6';

// What an Elixir producer (Jason.encode!) sends: millisecond timestamp, and kafkaesque's own
// test adds a Connect "schema" field next to the data, which must be ignored.
const ELIXIR_MS_RECORD =
  '{"schema":{"type":"struct","name":"dummy_events"},' +
  `"uuid":"${UUID}","event_type":"add_on_enabled","payload":"${ENABLED_BASE64}","timestamp":1614091704890}`;
// What Debezium's EventRouter sends for a Postgres TIMESTAMP column: microseconds.
const DEBEZIUM_US_RECORD = `{"uuid":"${UUID}","event_type":"add_on_enabled","timestamp":1614091704890123,"payload":"${ENABLED_BASE64}"}`;
// Seconds, the third unit kafkaesque accepts.
const SECONDS_RECORD = `{"uuid":"${UUID}","event_type":"add_on_disabled","timestamp":1614091704,"payload":"${DISABLED_BASE64}"}`;

function record(value: string | Buffer | null): RawRecord {
  return {
    topic: 'test.add-ons.add-on-events-v1',
    partition: 0,
    offset: '0',
    key: Buffer.from('p1'),
    value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
    headers: {},
    timestamp: '0',
  };
}

function decodeFails(value: string | Buffer | null, reason: RegExp): void {
  let thrown: unknown;
  try {
    decoder.decode(record(value));
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as DecodeError).reason).toMatch(reason);
  expect((thrown as DecodeError).retriable).toBe(false);
}

describe('DebeziumProtoDecoder wire vectors', () => {
  it('the hand-computed envelope bytes are what protobuf-es writes (our records decode in Elixir)', () => {
    const envelope = create(EnvelopeSchema, {
      payload: {
        case: 'addOnEnabled',
        value: create(AddOnEnabledSchema, { providerId: 'p1', addOnCode: 'sms' }),
      },
    });
    expect(Buffer.from(toBinary(EnvelopeSchema, envelope))).toEqual(ENABLED_ENVELOPE);
    expect(ENABLED_ENVELOPE.toString('base64')).toBe(ENABLED_BASE64);
  });

  it('decodes an Elixir producer record with a millisecond timestamp, ignoring unknown fields', () => {
    const decoded = decoder.decode(record(ELIXIR_MS_RECORD));
    expect(decoded.eventUuid).toBe(UUID);
    expect(decoded.eventType).toBe('add_on_enabled');
    expect(decoded.timestamp.toISOString()).toBe('2021-02-23T14:48:24.890Z');
    expect(decoded.protoPayload.payload.case).toBe('addOnEnabled');
    expect(decoded.eventData).toMatchObject({ providerId: 'p1', addOnCode: 'sms', addOnId: '' });
    expect(decoded.eventData).toBe(decoded.protoPayload.payload.value);
  });

  it('decodes a Debezium record with a microsecond timestamp', () => {
    const decoded = decoder.decode(record(DEBEZIUM_US_RECORD));
    expect(decoded.timestamp.toISOString()).toBe('2021-02-23T14:48:24.890Z');
    expect(decoded.eventType).toBe('add_on_enabled');
  });

  it('decodes a record with a timestamp in seconds', () => {
    const decoded = decoder.decode(record(SECONDS_RECORD));
    expect(decoded.timestamp.toISOString()).toBe('2021-02-23T14:48:24.000Z');
    expect(decoded.eventType).toBe('add_on_disabled');
    expect(decoded.protoPayload.payload.case).toBe('addOnDisabled');
  });

  it('debeziumRecordValue writes a record the decoder reads back', () => {
    const value = debeziumRecordValue({
      uuid: UUID,
      eventType: 'add_on_enabled',
      timestamp: 1614091704890,
      payload: ENABLED_ENVELOPE,
    });
    expect(JSON.parse(value.toString())).toEqual({
      uuid: UUID,
      event_type: 'add_on_enabled',
      timestamp: 1614091704890,
      payload: ENABLED_BASE64,
    });
    expect(decoder.decode(record(value)).eventUuid).toBe(UUID);
  });

  it('knows the envelope event types, in snake_case', () => {
    // In field-number order; `nx g @tools/starter:event` appends cases, so only the first two are pinned.
    expect(decoder.eventTypes?.slice(0, 2)).toEqual(['add_on_enabled', 'add_on_disabled']);
    expect(decoder.name).toBe(
      'DebeziumProtoDecoder(fresha.add_ons.protobuf.kafka.add_on_events.events.v1.EventEnvelope)',
    );
  });
});

describe('DebeziumProtoDecoder decode errors', () => {
  const valid = {
    uuid: UUID,
    event_type: 'add_on_enabled',
    timestamp: 1614091704890,
    payload: ENABLED_BASE64,
  };
  const without = (field: string) =>
    JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field)));
  const withValue = (field: string, value: unknown) => JSON.stringify({ ...valid, [field]: value });

  it.each(['uuid', 'event_type', 'payload', 'timestamp'])('a missing %s', (field) => {
    decodeFails(without(field), new RegExp(`"${field}"`));
  });

  it('fields of the wrong type', () => {
    decodeFails(withValue('uuid', 42), /"uuid" must be a non-empty string/);
    decodeFails(withValue('event_type', ''), /"event_type" must be a non-empty string/);
    decodeFails(withValue('timestamp', '1614091704890'), /"timestamp" must be a non-negative integer/);
    decodeFails(withValue('timestamp', 1614091704.5), /"timestamp"/);
  });

  it('bad base64 (kafkaesque test vector "SOME_VALUE", URL-safe alphabet, missing padding)', () => {
    decodeFails(withValue('payload', 'SOME_VALUE'), /not valid base64/);
    decodeFails(withValue('payload', 'Cgk-KAnAx'), /not valid base64/);
    decodeFails(withValue('payload', 'CgkKAnAxGgNzbXM'), /not valid base64/);
  });

  it('bad JSON, JSON that is not an object, no value at all', () => {
    decodeFails('{"uuid": ', /not JSON/);
    decodeFails('[1,2]', /not a JSON object/);
    decodeFails(null, /tombstone/);
    decodeFails(Buffer.from([0xff, 0xfe, 0x00]), /not JSON/);
  });

  it('bytes that are not the envelope (kafkaesque test vector "U09NRV9WQUxVRQ==")', () => {
    decodeFails(withValue('payload', 'U09NRV9WQUxVRQ=='), /is not a fresha\.add_ons.*EventEnvelope/);
  });

  it('an event_type that is not the set oneof case', () => {
    decodeFails(
      withValue('event_type', 'add_on_disabled'),
      /event_type is "add_on_disabled" but the envelope holds "add_on_enabled"/,
    );
    decodeFails(withValue('event_type', 'add_on_deleted'), /event_type is "add_on_deleted"/);
  });

  it('an envelope with no event set', () => {
    decodeFails(withValue('payload', ''), /"payload" must be a non-empty string/);
    // Field 1000 (varint 1): unknown to the envelope, so skipped, and far above any event case
    // a topic will ever get, so the oneof stays unset.
    decodeFails(withValue('payload', Buffer.from([0xc0, 0x3e, 0x01]).toString('base64')), /no event set/);
  });
});
