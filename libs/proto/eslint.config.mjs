import baseConfig from '../../eslint.config.mjs';

// The root config's ignore of libs/proto/src/generated is resolved against this file's
// folder when eslint runs here, so it is repeated relative to it: generated code is never linted.
export default [...baseConfig, { ignores: ['src/generated/**'] }];
