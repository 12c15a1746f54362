import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';

/** Written by `buf generate`: never edited by hand, regenerated instead. */
export const GENERATED_PROTO_DIR = 'libs/proto/src/generated';

/** Every file of the workspace that git would see (ignored files and node_modules left out), minus generated code. */
export function sourceFiles(tree: Tree): string[] {
  const files: string[] = [];
  visitNotIgnoredFiles(tree, '.', (path) => {
    if (path.startsWith('.git/') || path.startsWith(`${GENERATED_PROTO_DIR}/`)) return;
    files.push(path);
  });
  return files;
}

/** Text, as far as a generator cares: no NUL byte. */
export function readText(tree: Tree, path: string): string | null {
  const content = tree.read(path);
  if (!content || content.includes(0)) return null;
  return content.toString('utf8');
}
