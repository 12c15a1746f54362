import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot, type BootedApp, eventually } from '@platform/testing';
import { AppModule } from '../app.module';
import { bootConsumersApp } from './boot-consumers';

const redisScript = join(workspaceRoot(), 'infra/local/redis.sh');
const redis = (action: 'start' | 'stop') =>
  expect(spawnSync('bash', [redisScript, action], { stdio: 'inherit' }).status).toBe(0);

describe('readiness through a Redis outage (real Redis, stopped and started)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootConsumersApp(AppModule, ['my_service.add_on_activity']);
  }, 20 * 60_000);

  afterAll(async () => {
    redis('start'); // whatever happened, leave Redis running for the next suites
    await booted?.app.close();
  });

  const readiness = async () => {
    const { status, body } = await booted.getJson('/health/ready');
    const check = (body.checks as Array<{ name: string; status: string; reason?: string }>).find(
      (c) => c.name === 'redis',
    );
    return { status, check };
  };

  it('turns 503 naming Redis when it stops, within the check timeout, and 200 after it is back', async () => {
    await eventually('ready', async () => ((await readiness()).status === 200 ? true : undefined), 60_000);
    redis('stop');
    const started = Date.now();
    const down = await readiness();
    // The check answers within its 1 s timeout: a dead dependency never hangs the endpoint.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down.status).toBe(503);
    expect(down.check).toMatchObject({ status: 'unhealthy', reason: expect.any(String) });

    redis('start');
    const up = await eventually('ready again', async () => {
      const r = await readiness();
      return r.status === 200 ? r : undefined;
    });
    expect(up.check?.status).toBe('ok');
  }, 120_000);
});
