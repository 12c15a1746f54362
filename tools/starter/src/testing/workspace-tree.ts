import { resolve } from 'node:path';
import type { Tree } from '@nx/devkit';
import { FsTree } from 'nx/src/devkit-internals';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/**
 * The real workspace as a generator sees it: reads come from disk, writes stay in memory (the
 * tree is never flushed), so a generator can be run on the actual files without changing them.
 */
export function workspaceTree(): Tree {
  return new FsTree(WORKSPACE_ROOT, false);
}

/** Text of every file the generator wrote, created or updated. */
export function writtenFiles(tree: Tree): Map<string, string> {
  return new Map(
    tree
      .listChanges()
      .filter((change) => change.type !== 'DELETE')
      .map((change) => [change.path, change.content?.toString('utf8') ?? '']),
  );
}
