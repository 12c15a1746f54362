import type { Type } from '@nestjs/common';
import { bootTestApp, type BootedApp } from './boot-test-app';
import { ensureInfra } from './ensure-infra';
import type { InfraService } from './infra-settings';

/**
 * The boot test every app has: the real module starts against the real local infrastructure,
 * is live, and is ready with exactly the readiness checks it is expected to register.
 */
export function describeAppHealth(
  name: string,
  module: Type<unknown>,
  expected: {
    infra: readonly InfraService[];
    readiness: readonly string[];
    /** Operational steps a deployment runs before the app starts (migrations, connector registration). */
    setup?: () => Promise<unknown>;
  },
): void {
  describe(`${name} app`, () => {
    let booted: BootedApp;

    beforeAll(async () => {
      await ensureInfra(expected.infra);
      await expected.setup?.();
      booted = await bootTestApp(module);
    }, 20 * 60_000);

    afterAll(() => booted?.app.close());

    it('is live', async () => {
      const { status, body } = await booted.getJson('/health/live');
      expect({ status, overall: body.status }).toEqual({ status: 200, overall: 'ok' });
    });

    it(`is ready with checks: ${expected.readiness.join(', ')}`, async () => {
      // Some checks turn healthy only after a warm-up (a consumer group joined, assigned and
      // stable): readiness is a state the app reaches, so poll for it within a bound.
      const deadline = Date.now() + 60_000;
      let { status, body } = await booted.getJson('/health/ready');
      while (status !== 200 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        ({ status, body } = await booted.getJson('/health/ready'));
      }
      const checks = (body.checks as Array<{ name: string; status: string; reason?: string }>).map((c) => [
        c.name,
        c.status,
        c.reason,
      ]);
      expect(checks).toEqual(expected.readiness.map((check) => [check, 'ok', undefined]));
      expect(status).toBe(200);
    }, 90_000);
  });
}
