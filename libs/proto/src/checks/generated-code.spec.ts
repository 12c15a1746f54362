import { join } from 'node:path';
import { ADD_ON_ENABLED_PROTO, REPO_ROOT, run, ScratchProto } from './proto-workspace';

const SCRIPT = join(REPO_ROOT, 'tools/proto/check-generated.sh');

// check-generated.sh regenerates into a temp dir and diffs with libs/proto/src/generated.
describe('check-generated.sh (nx run proto:check-generated)', () => {
  it('finds the committed generated code up to date with proto/', () => {
    expect(run('bash', [SCRIPT])).toEqual({ status: 0, output: 'generated code is up to date\n' });
  });

  it('fails when a proto changed without regenerating', () => {
    const scratch = new ScratchProto();
    try {
      scratch.edit(ADD_ON_ENABLED_PROTO, (s) =>
        s.replace('google.protobuf.Timestamp occurred_at = 6;', '$&\n  // New.\n  string source = 7;'),
      );
      const result = run('bash', [SCRIPT, scratch.protoDir]);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain('add_on_enabled_pb.ts');
      expect(result.output).toContain("generated code is stale: run 'npx nx run proto:generate'");
    } finally {
      scratch.remove();
    }
  });
});
