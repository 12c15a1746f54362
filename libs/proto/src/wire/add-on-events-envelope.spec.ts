import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { AddOnDisabledSchema, AddOnEnabledSchema, eventCatalog, type EnvelopeOf } from '../index';

const topic = eventCatalog.addOnsAddOnEventsV1;
type AddOnEventsEnvelope = EnvelopeOf<typeof topic>;

const addOnEnabled = create(AddOnEnabledSchema, {
  providerId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  addOnId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  addOnCode: 'online_payments',
  addOnName: 'Online payments',
  actorId: 'e4eaaaf2-d142-11e1-b3e4-080027620cdd',
  occurredAt: create(TimestampSchema, { seconds: 1767225600n, nanos: 500_000_000 }), // 2026-01-01T00:00:00.5Z
});

// The bytes an EventEnvelope holding that AddOnEnabled must be, written out from the
// protobuf wire format (tag = field number << 3 | wire type; 2 = LEN, 0 = VARINT) rather
// than produced by the code under test. Elixir services decode these same bytes: if a
// field number, type or nesting changes, this vector fails before any consumer does.
// prettier-ignore
const ADD_ON_ENABLED_ENVELOPE_HEX = [
  '0a', 'a201', // EventEnvelope.add_on_enabled = 1, LEN, 162 bytes (varint a2 01)
  '0a', '24', // AddOnEnabled.provider_id = 1, LEN, 36
  '30663866616435622d643963622d343639662d613136352d373038363737323839353065', // "0f8fad5b-d9cb-469f-a165-70867728950e"
  '12', '24', // add_on_id = 2, LEN, 36
  '37633965363637392d373432352d343064652d393434622d653037666331663930616537', // "7c9e6679-7425-40de-944b-e07fc1f90ae7"
  '1a', '0f', // add_on_code = 3, LEN, 15
  '6f6e6c696e655f7061796d656e7473', // "online_payments"
  '22', '0f', // add_on_name = 4, LEN, 15
  '4f6e6c696e65207061796d656e7473', // "Online payments"
  '2a', '24', // actor_id = 5, LEN, 36
  '65346561616166322d643134322d313165312d623365342d303830303237363230636464', // "e4eaaaf2-d142-11e1-b3e4-080027620cdd"
  '32', '0c', // occurred_at = 6, LEN, 12
  '08', '80f2d6ca06', // Timestamp.seconds = 1, VARINT 1767225600
  '10', '80cab5ee01', // Timestamp.nanos = 2, VARINT 500000000
].join('');

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('add-ons.add-on-events-v1 envelope on the wire', () => {
  const envelope: AddOnEventsEnvelope = create(topic.envelope, {
    payload: { case: 'addOnEnabled', value: addOnEnabled },
  });

  it('encodes an AddOnEnabled envelope to the pinned bytes', () => {
    expect(hex(toBinary(topic.envelope, envelope))).toBe(ADD_ON_ENABLED_ENVELOPE_HEX);
  });

  it('decodes the pinned bytes to the same event', () => {
    const decoded = fromBinary(topic.envelope, Buffer.from(ADD_ON_ENABLED_ENVELOPE_HEX, 'hex'));
    expect(decoded.payload.case).toBe('addOnEnabled');
    expect(decoded.payload.value).toEqual(addOnEnabled);
  });

  it('round-trips an AddOnDisabled envelope with its oneof case and data intact', () => {
    const addOnDisabled = create(AddOnDisabledSchema, {
      providerId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      addOnId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      addOnCode: 'online_payments',
      addOnName: 'Online payments',
      occurredAt: create(TimestampSchema, { seconds: 1767225601n }),
    });
    const sent = create(topic.envelope, { payload: { case: 'addOnDisabled', value: addOnDisabled } });

    const received = fromBinary(topic.envelope, toBinary(topic.envelope, sent));

    expect(received).toEqual(sent);
    if (received.payload.case !== 'addOnDisabled') throw new Error('expected addOnDisabled');
    // The discriminated union narrows value to AddOnDisabled: no cast needed.
    expect(received.payload.value.actorId).toBe('');
    expect(received.payload.value.occurredAt?.seconds).toBe(1767225601n);
  });

  it('encodes an envelope with no event as zero bytes', () => {
    expect(toBinary(topic.envelope, create(topic.envelope))).toHaveLength(0);
  });
});
