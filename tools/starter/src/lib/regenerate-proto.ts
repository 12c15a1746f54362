import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { logger } from '@nx/devkit';

/**
 * Runs `buf generate` (what `nx run proto:generate` runs) once the generator's files are on
 * disk: the generated code embeds descriptors that only buf can rewrite, and it rebuilds the
 * event catalog from the envelopes.
 */
export function regenerateProto(workspaceRoot: string): void {
  logger.info('Regenerating libs/proto from proto/ (buf generate)');
  execFileSync(
    join(workspaceRoot, 'node_modules/.bin/buf'),
    ['generate', 'proto', '--template', 'proto/buf.gen.yaml'],
    {
      cwd: workspaceRoot,
      stdio: 'inherit',
    },
  );
}
