import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { HeartbeatsModule } from './heartbeats.module';
import { HeartbeatsRegistry } from './heartbeats.registry';

describe('health endpoints over HTTP', () => {
  let app: INestApplication;
  let base: string;
  let dependencyUp = true;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HeartbeatsModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.get(HeartbeatsRegistry).registerReadinessCheck('dependency', async () => {
      if (!dependencyUp) throw new Error('dependency is down');
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(() => app.close());

  it('serves liveness with 200 even with no checks registered', async () => {
    const res = await fetch(`${base}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: [] });
  });

  it('serves readiness as 200, then 503 with the reason, then 200 again', async () => {
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    dependencyUp = false;
    const down = await fetch(`${base}/health/ready`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'unhealthy',
      checks: [{ name: 'dependency', status: 'unhealthy', reason: 'dependency is down' }],
    });
    dependencyUp = true;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
