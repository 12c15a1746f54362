import { ADD_ON_ENABLED_PROTO, buf, PROTO_DIR, ScratchProto } from './proto-workspace';

const ENABLE_ADD_ON_COMMAND_PROTO =
  'definitions/fresha/add_ons/protobuf/commands/enable_add_on/v1/enable_add_on.proto';

describe('buf lint', () => {
  let scratch: ScratchProto;
  beforeEach(() => (scratch = new ScratchProto()));
  afterEach(() => scratch.remove());

  it('passes on proto/', () => {
    const result = buf(['lint', PROTO_DIR]);
    expect(result).toEqual({ status: 0, output: '' });
  });

  it('fails on a field that is not lower_snake_case', () => {
    scratch.edit(ADD_ON_ENABLED_PROTO, (s) => s.replace('string add_on_name = 4;', 'string addOnName = 4;'));
    const result = buf(['lint', scratch.protoDir]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Field name "addOnName" should be lower_snake_case');
  });

  it('fails on a message that is not PascalCase or has no comment', () => {
    scratch.edit(
      ADD_ON_ENABLED_PROTO,
      (s) => `${s}\nmessage add_on_renamed {\n  string provider_id = 1;\n}\n`,
    );
    const result = buf(['lint', scratch.protoDir]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('Message name "add_on_renamed" should be PascalCase');
    expect(result.output).toContain('Message "add_on_renamed" should have a non-empty comment');
  });

  it('fails on a package that does not match its directory (the seed layout)', () => {
    scratch.edit(ENABLE_ADD_ON_COMMAND_PROTO, (s) =>
      s.replace(
        'package fresha.add_ons.protobuf.commands.enable_add_on.v1;',
        'package fresha.add_ons.commands.v1;',
      ),
    );
    const result = buf(['lint', scratch.protoDir]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('must be within a directory "fresha/add_ons/commands/v1"');
  });
});
