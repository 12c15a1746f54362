import { ADD_ON_ENABLED_PROTO, buf, PROTO_DIR, ScratchProto } from './proto-workspace';

const ENVELOPE_PROTO = 'definitions/fresha/add_ons/protobuf/kafka/add_on_events/events/v1/envelope.proto';

// A changed copy of proto/ is compared with the real proto/, as a branch is with main.
describe('buf breaking', () => {
  let scratch: ScratchProto;
  beforeEach(() => (scratch = new ScratchProto()));
  afterEach(() => scratch.remove());

  const breaking = () => buf(['breaking', scratch.protoDir, '--against', PROTO_DIR]);

  it('passes for an unchanged copy', () => {
    expect(breaking()).toEqual({ status: 0, output: '' });
  });

  it('passes for a new field: adding is compatible', () => {
    scratch.edit(ADD_ON_ENABLED_PROTO, (s) =>
      s.replace('google.protobuf.Timestamp occurred_at = 6;', '$&\n  // New.\n  string source = 7;'),
    );
    expect(breaking()).toEqual({ status: 0, output: '' });
  });

  it('fails when an event field is renumbered', () => {
    scratch.edit(ADD_ON_ENABLED_PROTO, (s) =>
      s.replace('string add_on_code = 3;', 'string add_on_code = 7;'),
    );
    const result = breaking();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      'Previously present field "3" with name "add_on_code" on message "AddOnEnabled" was deleted',
    );
  });

  it('fails when an event field is removed', () => {
    scratch.edit(ADD_ON_ENABLED_PROTO, (s) => s.replace(/\n.*\n {2}string actor_id = 5;/, ''));
    const result = breaking();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      'Previously present field "5" with name "actor_id" on message "AddOnEnabled" was deleted',
    );
  });

  it('fails when an envelope case changes its number', () => {
    // 99: a number no added event takes, so the only change is the renumbering.
    scratch.edit(ENVELOPE_PROTO, (s) => s.replace('add_on_disabled = 2;', 'add_on_disabled = 99;'));
    const result = breaking();
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(
      'Previously present field "2" with name "add_on_disabled" on message "EventEnvelope"',
    );
  });
});
