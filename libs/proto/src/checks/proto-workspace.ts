import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Test support for the buf checks: run the real tools against the real tree or a scratch
// copy of it, so a check is proven both to pass and to fail.

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const PROTO_DIR = join(REPO_ROOT, 'proto');
export const ADD_ON_ENABLED_PROTO =
  'definitions/fresha/add_ons/protobuf/events/add_on_enabled/v1/add_on_enabled.proto';

export interface RunResult {
  status: number | null;
  /** stdout and stderr together: buf reports findings on stdout, failures on stderr. */
  output: string;
}

export function run(command: string, args: readonly string[], cwd = REPO_ROOT): RunResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function buf(args: readonly string[], cwd = REPO_ROOT): RunResult {
  return run(join(REPO_ROOT, 'node_modules/.bin/buf'), args, cwd);
}

/** A throw-away copy of proto/ to break on purpose. */
export class ScratchProto {
  readonly root = mkdtempSync(join(tmpdir(), 'proto-check-'));
  readonly protoDir = join(this.root, 'proto');

  constructor() {
    cpSync(PROTO_DIR, this.protoDir, { recursive: true });
  }

  /** Rewrites one file of the copy; fails the test if the edit changed nothing. */
  edit(relativePath: string, change: (text: string) => string): void {
    const path = join(this.protoDir, relativePath);
    const before = readFileSync(path, 'utf8');
    const after = change(before);
    if (after === before) throw new Error(`edit of ${relativePath} changed nothing`);
    writeFileSync(path, after);
  }

  write(relativePath: string, text: string): void {
    writeFileSync(join(this.protoDir, relativePath), text);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
