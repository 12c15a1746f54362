import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

/** Paths of Markdown files a source text names (`docs/wire-contract.md`, `../README.md`); bare names are ambiguous and left out. */
function citedMarkdownPaths(text: string): string[] {
  return [...text.matchAll(/(?<![\w./-])((?:\.{1,2}\/)?[\w-]+(?:\/[\w.-]+)*\/[\w.-]+\.md)\b/g)].map(
    (m) => m[1],
  );
}

/** The cited paths that exist neither from the repository root nor beside the citing file. */
function missingCitations(root: string, file: string, text: string): string[] {
  return citedMarkdownPaths(text).filter(
    (path) => !existsSync(join(root, path)) && !existsSync(join(root, dirname(file), path)),
  );
}

// Code comments that send a reader to a document are only useful if the document is here.
describe('documents cited in code exist in the repository', () => {
  it('finds cited paths, and reports the missing ones', () => {
    // Built, so that this file does not itself cite a document that does not exist.
    const missing = ['docs', 'missing.md'].join('/');
    expect(
      citedMarkdownPaths(`see docs/wire-contract.md and (${missing}); README.md alone is skipped`),
    ).toEqual(['docs/wire-contract.md', missing]);
    expect(missingCitations(workspaceRoot(), 'x.ts', `see docs/wire-contract.md, ${missing}`)).toEqual([
      missing,
    ]);
  });

  it('every *.md path named in a TypeScript or JavaScript file exists', () => {
    const root = workspaceRoot();
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts', '*.js', '*.mjs'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f && !f.includes('/generated/') && existsSync(join(root, f)));
    const missing = files.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return missingCitations(root, file, text).map((path) => `${file}: ${path}`);
    });
    expect(missing).toEqual([]);
  });
});
