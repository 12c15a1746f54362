import { DuplicateCheckError } from './duplicate-check.error';
import { HeartbeatsRegistry } from './heartbeats.registry';

describe('HeartbeatsRegistry', () => {
  it('is ok with every check passing, and reports each with its duration', async () => {
    const registry = new HeartbeatsRegistry();
    registry.registerReadinessCheck('db', async () => undefined);
    registry.registerReadinessCheck('kafka', async () => ({ healthy: true, details: { brokers: 1 } }));
    const report = await registry.report('readiness');
    expect(report.status).toBe('ok');
    expect(report.checks).toEqual([
      { name: 'db', status: 'ok', durationMs: expect.any(Number) },
      { name: 'kafka', status: 'ok', durationMs: expect.any(Number), details: { brokers: 1 } },
    ]);
  });

  it('turns a thrown error or an unhealthy outcome into a reason', async () => {
    const registry = new HeartbeatsRegistry();
    registry.registerReadinessCheck('db', async () => {
      throw new Error('connection refused');
    });
    registry.registerReadinessCheck('consumer', async () => ({ healthy: false, reason: 'partition 3 blocked' }));
    const report = await registry.report('readiness');
    expect(report.status).toBe('unhealthy');
    expect(report.checks.map((c) => [c.name, c.status, c.reason])).toEqual([
      ['db', 'unhealthy', 'connection refused'],
      ['consumer', 'unhealthy', 'partition 3 blocked'],
    ]);
  });

  it('bounds a hung check by its timeout', async () => {
    const registry = new HeartbeatsRegistry({ defaultTimeoutMs: 5000 });
    registry.registerReadinessCheck('hung', () => new Promise(() => undefined), { timeoutMs: 50 });
    const started = Date.now();
    const report = await registry.report('readiness');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(report.checks[0]).toMatchObject({ status: 'unhealthy', reason: 'timed out after 50 ms' });
  });

  it('keeps liveness and readiness apart and refuses duplicate names', async () => {
    const registry = new HeartbeatsRegistry();
    registry.registerLivenessCheck('process', async () => undefined);
    registry.registerReadinessCheck('process', async () => ({ healthy: false, reason: 'warming up' }));
    expect((await registry.report('liveness')).status).toBe('ok');
    expect((await registry.report('readiness')).status).toBe('unhealthy');
    expect(() => registry.registerReadinessCheck('process', async () => undefined)).toThrow(DuplicateCheckError);
  });
});
