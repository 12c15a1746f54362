import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { infraPort, infraSettings, type InfraService } from './infra-settings';
import { workspaceRoot } from './workspace-root';

function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Makes sure the local services a test needs are up, starting the missing ones with
 * `infra/local/up.sh` so that `nx test <project>` works on its own, not only under `npm test`.
 * Set INFRA_AUTOSTART=0 to fail with a message instead.
 */
export async function ensureInfra(services: readonly InfraService[]): Promise<void> {
  const settings = infraSettings();
  const down: InfraService[] = [];
  for (const service of services) {
    if (!(await portAnswers(infraPort(service, settings)))) down.push(service);
  }
  if (down.length === 0) return;
  if (process.env.INFRA_AUTOSTART === '0') {
    throw new Error(`Local infrastructure not running: ${down.join(', ')}. Start it with: npm run infra:up`);
  }
  const script = join(workspaceRoot(), 'infra/local/up.sh');
  const result = spawnSync('bash', [script, ...down], { stdio: 'inherit', timeout: 20 * 60_000 });
  if (result.status !== 0)
    throw new Error(`infra/local/up.sh ${down.join(' ')} failed (exit ${result.status})`);
}
