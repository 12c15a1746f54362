import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Envelopes are reached through eventCatalog; every other generated module must be
// re-exported by index.ts, or a new event would be invisible to `@proto/contracts` users.
describe('index.ts', () => {
  const generated = join(__dirname, 'generated');
  const index = readFileSync(join(__dirname, 'index.ts'), 'utf8');

  const modules = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? modules(join(dir, entry.name)) : [join(dir, entry.name)],
    );

  const pbModules = modules(generated)
    .filter((path) => path.endsWith('_pb.ts') && !path.endsWith('/envelope_pb.ts'))
    .map((path) => `./${relative(__dirname, path).replace(/\.ts$/, '')}`);

  it.each(pbModules)('re-exports %s', (module) => {
    expect(index).toContain(`from '${module}';`);
  });

  it('finds the generated modules at all', () => {
    expect(pbModules.length).toBeGreaterThanOrEqual(7);
  });
});
