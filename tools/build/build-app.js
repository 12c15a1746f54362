// `nx build <app>`: bundles an app's entry points into dist/apps/<app>/<entry>.js, runnable with
// plain `node` (no swc-node, no TypeScript). Workspace code (the libs behind the tsconfig path
// aliases) is bundled; npm packages stay external and come from `npm ci --omit=dev`, so the build
// fails if the bundle needs a package that is not a production dependency.
//
// SWC transpiles each TypeScript file first because esbuild cannot emit decorator metadata
// (`design:paramtypes`), which Nest's constructor injection by type relies on.
const { readFileSync, rmSync, writeFileSync } = require('node:fs');
const { builtinModules } = require('node:module');
const { join, relative } = require('node:path');
const esbuild = require('esbuild');
const swc = require('@swc/core');

const ROOT = join(__dirname, '../..');
const swcrc = JSON.parse(readFileSync(join(ROOT, '.swcrc'), 'utf8'));

/** Entry points per app: `main` everywhere, plus the core app's operational commands. */
const ENTRIES = {
  'my-service': ['main', 'migrate', 'register-connector', 'provision-topics'],
  'my-service-web': ['main'],
  'my-service-graphql': ['main'],
  'my-service-rpc': ['main'],
  'my-service-events-consumers': ['main'],
  'my-service-worker': ['main'],
};

const swcDecorators = {
  name: 'swc-decorator-metadata',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const { code } = await swc.transform(readFileSync(path, 'utf8'), {
        ...swcrc,
        filename: path,
        // Inline, so esbuild chains it into the bundle's map (stack traces point at the .ts lines).
        sourceMaps: 'inline',
        // ES modules out, so that esbuild links imports itself.
        module: { type: 'es6' },
        swcrc: false,
      });
      return { contents: code, loader: 'js' };
    });
  },
};

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every external import must be a Node built-in or a production dependency. */
function checkExternals(metafile, app) {
  const { dependencies = {} } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const builtins = new Set(builtinModules);
  const offending = new Map();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtins.has(packageName(path))) continue;
      if (!(packageName(path) in dependencies)) offending.set(packageName(path), file);
    }
  }
  if (offending.size > 0) {
    const list = [...offending].map(([pkg, file]) => `${pkg} (imported by ${file})`).join(', ');
    throw new Error(`${app}: the bundle needs packages that are not production dependencies: ${list}`);
  }
}

async function buildApp(app) {
  const entries = ENTRIES[app];
  if (!entries) throw new Error(`unknown app "${app}"; one of: ${Object.keys(ENTRIES).join(', ')}`);
  const outdir = join(ROOT, 'dist/apps', app);
  rmSync(outdir, { recursive: true, force: true });
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(entries.map((e) => [e, join(ROOT, 'apps', app, 'src', `${e}.ts`)])),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Resolves the @platform/* and @my-service/* aliases to source, then keeps npm packages out.
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    packages: 'external',
    sourcemap: true,
    // Nest and TypeORM use class and function names (tokens, entity names, log contexts).
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [swcDecorators],
  });
  checkExternals(result.metafile, app);
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
  const size = files.reduce((sum, f) => sum + result.metafile.outputs[f].bytes, 0);
  console.log(
    `${app}: ${files.map((f) => relative(ROOT, join(ROOT, f))).join(', ')} ` +
      `(${(size / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`,
  );
}

module.exports = { buildApp, checkExternals, ENTRIES };

if (require.main === module) {
  const apps = process.argv.slice(2);
  if (apps.length === 0) {
    console.error(`usage: node tools/build/build-app.js <app>... (${Object.keys(ENTRIES).join(', ')})`);
    process.exit(2);
  }
  (async () => {
    for (const app of apps) await buildApp(app);
  })().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
