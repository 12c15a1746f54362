// Runs TypeScript apps straight from source (`node -r ./tools/testing/register.js apps/x/src/main.ts`):
// SWC transpiles with decorator metadata and resolves the tsconfig path aliases.
const { join } = require('node:path');
process.env.SWC_NODE_PROJECT ??= join(__dirname, '../../tsconfig.base.json');
require('@swc-node/register');
