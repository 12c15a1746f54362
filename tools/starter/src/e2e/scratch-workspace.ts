import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  copyFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A copy of the workspace as git sees it (tracked and untracked, ignored files left out), to
 * run generators and then the copy's own checks in. node_modules is a directory of links to
 * the original's packages: a copy would take minutes, and a link to the whole directory would
 * let the copy's `npm ci` empty the original's.
 */
export function createScratchWorkspace(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'starter-scratch-'));
  const copy = spawnSync(
    'bash',
    [
      '-c',
      // node_modules: left out even when it is a symlink (the ignore rule matches directories only).
      'git ls-files -z -co --exclude-standard | { grep -zv "^node_modules$" || true; } | tar --null -T - --ignore-failed-read -cf - | tar -xf - -C "$0"',
      dir,
    ],
    { cwd: source, encoding: 'utf8' },
  );
  if (copy.status !== 0) throw new Error(`copying ${source} to ${dir} failed: ${copy.stderr}`);
  linkNodeModules(join(source, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function linkNodeModules(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    if (entry === '.package-lock.json') continue;
    symlinkSync(join(from, entry), join(to, entry));
  }
  copyFileSync(join(from, '.package-lock.json'), join(to, '.package-lock.json'));
}

/**
 * Marks the linked modules as installed from the copy's current package-lock.json (a generator
 * may have rewritten it), so the copy's `npm test` does not run `npm ci` over the links.
 */
export function markModulesInstalled(dir: string): void {
  const now = new Date(Date.now() + 1000);
  utimesSync(join(dir, 'node_modules/.package-lock.json'), now, now);
}

/** Commits the copy as `main`, as a team would after generating: checks that compare with main then see the new names. */
export function commitAsMain(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git(
    '-c',
    'user.name=starter-e2e',
    '-c',
    'user.email=starter-e2e@localhost',
    'commit',
    '-q',
    '-m',
    'generated',
  );
}

/** Files of the copy (as git sees them) whose path or text still matches `pattern`, with the matching lines. */
export function filesMatching(dir: string, pattern: RegExp): string[] {
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const hits: string[] = [];
  for (const file of files) {
    if (pattern.test(file)) hits.push(`${file} (path)`);
    const grep = spawnSync('grep', ['-nIE', pattern.source, file], { cwd: dir, encoding: 'utf8' });
    if (grep.stdout)
      hits.push(
        ...grep.stdout
          .trim()
          .split('\n')
          .map((line) => `${file}:${line}`),
      );
  }
  return hits;
}

/** Writes a command's output to `log` and returns its exit code; the test prints the log's tail when it fails. */
export function runLogged(
  dir: string,
  log: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): number {
  writeFileSync(log, `$ ${command} ${args.join(' ')}\n`, { flag: 'a' });
  const result = spawnSync('bash', ['-c', `"$@" >>"${log}" 2>&1`, 'run', command, ...args], {
    cwd: dir,
    env,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}
