import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from '@platform/testing';

// The build script is plain CommonJS (it runs before anything is compiled).
const build = require(join(workspaceRoot(), 'tools/build/build-app.js')) as {
  ENTRIES: Record<string, string[]>;
  checkExternals(
    metafile: { outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }> },
    app: string,
  ): void;
};

// Libraries dd-trace instruments: each must be required after initTracing() ran, or its calls go untraced.
const INSTRUMENTED = [
  '@nestjs/core',
  'express',
  'pg',
  'typeorm',
  'ioredis',
  'kafkajs',
  'graphql',
  '@grpc/grpc-js',
];

describe('nx build: one bundle per app for plain node', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['tools/build/build-app.js', ...Object.keys(build.ENTRIES)], {
      cwd: workspaceRoot(),
    });
  }, 120_000);

  it.each(Object.entries(build.ENTRIES))('%s: every entry point with its source map', (app, entries) => {
    for (const entry of entries) {
      const file = join(workspaceRoot(), 'dist/apps', app, `${entry}.js`);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(/\/\/# sourceMappingURL=.+\.js\.map\s*$/);
      expect(existsSync(`${file}.map`)).toBe(true);
    }
  });

  it.each(Object.keys(build.ENTRIES))(
    '%s: dd-trace starts before any library it instruments is loaded',
    (app) => {
      const bundle = readFileSync(join(workspaceRoot(), 'dist/apps', app, 'main.js'), 'utf8');
      const init = bundle.indexOf(`initTracing("${app}")`);
      expect(init).toBeGreaterThan(0);
      for (const library of INSTRUMENTED) {
        const first = bundle.indexOf(`require("${library}")`);
        if (first >= 0) expect({ library, before: first < init }).toEqual({ library, before: false });
      }
    },
  );

  it('refuses a bundle that needs a devDependency or an undeclared package, naming it', () => {
    const metafile = {
      outputs: {
        'dist/apps/x/main.js': {
          imports: [
            { path: 'node:fs', external: true },
            { path: 'kafkajs', external: true },
            { path: 'jest', external: true },
            { path: '@swc/core/binding', external: true },
            { path: './local-chunk.js' },
          ],
        },
      },
    };
    expect(() => build.checkExternals(metafile, 'x')).toThrow(
      'x: the bundle needs packages that are not production dependencies: jest (imported by dist/apps/x/main.js), @swc/core (imported by dist/apps/x/main.js)',
    );
  });
});
