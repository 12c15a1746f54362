import { testConfig } from '@platform/config';
import { KafkaConnectClient, outboxConnectorName } from '@platform/outbox';
import { bootTestApp, ensureInfra, eventually, type BootedApp } from '@platform/testing';
import { runDeploySteps } from '../testing/deploy-steps';
import { AppModule } from './app.module';

describe('core app readiness through a connector outage (real Kafka Connect)', () => {
  const config = testConfig('my-service');
  const connect = new KafkaConnectClient(config.kafka.connectUrl);
  const name = outboxConnectorName(config.kafka.prefix, 'my-service');
  let booted: BootedApp;

  beforeAll(async () => {
    await ensureInfra(['postgres', 'kafka', 'connect']);
    await runDeploySteps();
    booted = await bootTestApp(AppModule);
  }, 20 * 60_000);

  afterAll(async () => {
    await fetch(`${config.kafka.connectUrl}/connectors/${name}/resume`, { method: 'PUT' });
    await booted?.app.close();
  });

  const connectorCheck = async () => {
    const { status, body } = await booted.getJson('/health/ready');
    return {
      status,
      check: (body.checks as Array<{ name: string; status: string; reason?: string }>).find(
        (c) => c.name === 'outbox-connector',
      ),
    };
  };

  it('turns 503 with the connector state when the connector stops, and 200 when it runs again', async () => {
    await eventually('ready', async () => ((await connectorCheck()).status === 200 ? true : undefined));
    expect(
      (await fetch(`${config.kafka.connectUrl}/connectors/${name}/pause`, { method: 'PUT' })).status,
    ).toBe(202);
    const down = await eventually('not ready', async () => {
      const r = await connectorCheck();
      return r.status === 503 ? r : undefined;
    });
    expect(down.check).toMatchObject({ status: 'unhealthy', reason: expect.stringContaining('PAUSED') });

    expect(
      (await fetch(`${config.kafka.connectUrl}/connectors/${name}/resume`, { method: 'PUT' })).status,
    ).toBe(202);
    await connect.waitUntilRunning(name);
    await eventually('ready again', async () => ((await connectorCheck()).status === 200 ? true : undefined));
  }, 120_000);
});
