import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { findEnvelopes } from '../lib/envelopes';
import { nameForms } from '../lib/names';
import { readWorkspaceService } from '../lib/workspace-service';
import { WORKSPACE_ROOT, workspaceTree } from '../testing/workspace-tree';
import {
  commitAsMain,
  createScratchWorkspace,
  filesMatching,
  markModulesInstalled,
  runLogged,
} from './scratch-workspace';

// The copy's own `npm test` runs this file too: there it is skipped, or it would recurse.
const NESTED = process.env.STARTER_SCRATCH_RUN === '1';

/**
 * The "done when": on a scratch copy of the workspace, `nx g @tools/starter:service
 * --name=bookings`, then an event and a consumer, then the copy's whole `npm test` (type check,
 * lint, every project's tests on the real local services) passes, and no spelling of the old
 * service name is left. Takes as long as the suite itself; its log is in tmp/starter-e2e/.
 */
(NESTED ? describe.skip : describe)('starter generators on a scratch copy of the workspace', () => {
  const tree = workspaceTree();
  const before = readWorkspaceService(tree);
  const old = nameForms(before.name);
  // The service's first topic, as it will be called once the namespace is bookings.
  const topic = findEnvelopes(tree)
    .find((e) => e.path.includes(`/fresha/${before.protoNamespace}/`))
    ?.topic.replace(/^[^.]+\./, 'bookings.');
  const logDir = join(WORKSPACE_ROOT, 'tmp/starter-e2e');
  const log = join(logDir, `run-${Date.now()}.log`);
  let dir = '';
  let passed = false;

  // A clean environment for the copy: nothing of this Jest run or of the Nx task running it.
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(JEST_|NX_|TEST_SUMMARY_DIR$|NODE_ENV$)/.test(key)),
  );
  Object.assign(env, {
    STARTER_SCRATCH_RUN: '1',
    NX_DAEMON: 'false',
    // The copy uses the local services this workspace runs (same ports), under its own names.
    INFRA_STATE_DIR: process.env.INFRA_STATE_DIR ?? join(WORKSPACE_ROOT, '.infra'),
  });
  const run = (command: string, ...args: string[]) => {
    const status = runLogged(dir, log, command, args, env);
    if (status !== 0) {
      const tail = readFileSync(log, 'utf8').split('\n').slice(-60).join('\n');
      throw new Error(
        `\`${command} ${args.join(' ')}\` exited ${status} in ${dir}. Log ${log}, last lines:\n${tail}`,
      );
    }
  };

  beforeAll(() => {
    mkdirSync(logDir, { recursive: true });
    dir = createScratchWorkspace(WORKSPACE_ROOT);
    // Straight to stderr (Jest holds console output back until the file ends): minutes of silence otherwise.
    process.stderr.write(`[starter e2e] scratch workspace ${dir}, progress in ${log}\n`);
  });

  afterAll(() => {
    // Kept after a failure, for a look; the error names it.
    if (passed) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'renames the service, adds an event and a consumer',
    () => {
      run('npx', 'nx', 'g', '@tools/starter:service', '--name=bookings', '--no-interactive');
      run(
        'npx',
        'nx',
        'g',
        '@tools/starter:event',
        '--name=booking_confirmed',
        '--partitionKey=booking_id',
        '--no-interactive',
      );
      run(
        'npx',
        'nx',
        'g',
        '@tools/starter:consumer',
        '--name=booking-notifications',
        `--topic=${topic}`,
        '--no-interactive',
      );
      markModulesInstalled(dir);
      commitAsMain(dir);
      const spellings = [
        old.kebab,
        old.snake,
        old.pascal,
        old.camel,
        old.constant,
        `fresha[./]${before.protoNamespace}[./]`,
      ];
      expect(filesMatching(dir, new RegExp(spellings.join('|')))).toEqual([]);
    },
    5 * 60_000,
  );

  it(
    "passes the copy's npm test: type check, lint and every project's tests",
    () => {
      run('npm', 'test');
      const summary = readFileSync(log, 'utf8').trim().split('\n').at(-1) ?? '';
      const [, passedTests, failed] = /^Tests: (\d+) passed, (\d+) failed/.exec(summary) ?? [];
      expect(Number(failed)).toBe(0);
      expect(Number(passedTests)).toBeGreaterThan(400);
      passed = true;
    },
    45 * 60_000,
  );
});
