import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADD_ON_ENABLED_PROTO, PROTO_DIR, REPO_ROOT, run } from './proto-workspace';

const SCRIPT = join(REPO_ROOT, 'tools/proto/breaking-against-main.sh');
const checkAgainstMain = (repo = REPO_ROOT) => run('bash', [SCRIPT, 'main', repo]);

describe('breaking-against-main.sh (nx run proto:breaking)', () => {
  it('passes, or skips saying why, on this repository', () => {
    const result = checkAgainstMain();
    expect(result.status).toBe(0);
    expect(result.output).toMatch(/^(no breaking change against 'main'|skipped: .+)\n$/);
  });

  // A throw-away git repository stands in for this one, so main's content is under test control.
  describe('in a repository whose main branch has proto/', () => {
    let repo: string;
    const git = (...args: string[]) => {
      const result = run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], repo);
      if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.output}`);
    };

    beforeEach(() => {
      repo = mkdtempSync(join(tmpdir(), 'proto-main-'));
      git('init', '--quiet', '--initial-branch=main');
      cpSync(PROTO_DIR, join(repo, 'proto'), { recursive: true });
      git('add', 'proto');
      git('commit', '--quiet', '--no-gpg-sign', '-m', 'proto on main');
    });
    afterEach(() => rmSync(repo, { recursive: true, force: true }));

    it('passes when proto/ is unchanged', () => {
      expect(checkAgainstMain(repo)).toEqual({ status: 0, output: "no breaking change against 'main'\n" });
    });

    it('fails when a field was renumbered since main', () => {
      const file = join(repo, 'proto', ADD_ON_ENABLED_PROTO);
      run('sed', ['-i', 's/string add_on_name = 4;/string add_on_name = 8;/', file]);
      const result = checkAgainstMain(repo);
      expect(result.status).not.toBe(0);
      expect(result.output).toContain(
        'Previously present field "4" with name "add_on_name" on message "AddOnEnabled" was deleted',
      );
    });
  });

  it('skips when main has no proto/ yet', () => {
    const repo = mkdtempSync(join(tmpdir(), 'proto-main-'));
    try {
      const git = (...args: string[]) =>
        run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], repo);
      git('init', '--quiet', '--initial-branch=main');
      git('commit', '--quiet', '--no-gpg-sign', '--allow-empty', '-m', 'empty main');
      expect(checkAgainstMain(repo)).toEqual({
        status: 0,
        output: "skipped: branch 'main' has no proto/buf.yaml yet, so nothing can break\n",
      });
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
