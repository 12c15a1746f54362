import { ADD_ON_ENABLED_PROTO, buf, PROTO_DIR, ScratchProto } from './proto-workspace';

describe('buf format', () => {
  it('finds nothing to change in proto/', () => {
    const result = buf(['format', '--diff', '--exit-code', PROTO_DIR]);
    expect(result).toEqual({ status: 0, output: '' });
  });

  it('fails on a badly formatted file and shows the diff', () => {
    const scratch = new ScratchProto();
    try {
      scratch.edit(ADD_ON_ENABLED_PROTO, (s) =>
        s.replace('  string add_on_id = 2;', 'string    add_on_id=2;'),
      );
      const result = buf(['format', '--diff', '--exit-code', scratch.protoDir]);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('+  string add_on_id = 2;');
    } finally {
      scratch.remove();
    }
  });
});
