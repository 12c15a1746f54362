import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devConfig } from './dev.config';
import { featureFlagsConfig } from './feature-flags.config';
import { testConfig } from './test.config';
import { workspaceRoot } from './workspace-root';

/**
 * infra/local/infra.env, split on the first `=` as its header allows. Read here rather than with
 * @platform/testing's infraSettings: the testing lib depends on this one (the Kafka connection).
 */
function infraSettings(): Record<string, string> {
  const lines = readFileSync(join(workspaceRoot(), 'infra/local/infra.env'), 'utf8').split('\n');
  return Object.fromEntries(
    lines
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

// The dev defaults must point at what infra/local starts; this keeps them from drifting.
describe('dev and test defaults agree with infra/local/infra.env', () => {
  const env = infraSettings();

  it.each([['dev', devConfig('my-service')], ['test', testConfig('my-service')]] as const)('%s', (name, config) => {
    expect(config.database).toMatchObject({
      host: env.INFRA_HOST,
      port: Number(env.POSTGRES_PORT),
      username: env.POSTGRES_USER,
      password: env.POSTGRES_PASSWORD,
      database: name === 'dev' ? env.POSTGRES_DB : env.POSTGRES_TEST_DB,
    });
    expect(config.redis).toEqual({ host: env.INFRA_HOST, port: Number(env.REDIS_PORT) });
    expect(config.kafka.brokers).toEqual([`${env.INFRA_HOST}:${env.KAFKA_PORT}`]);
    expect(config.kafka.connectUrl).toBe(`http://${env.INFRA_HOST}:${env.CONNECT_PORT}`);
    expect(featureFlagsConfig(config, {})).toMatchObject({
      url: `http://${env.INFRA_HOST}:${env.UNLEASH_PORT}/api`,
      apiToken: env.UNLEASH_CLIENT_TOKEN,
    });
  });
});
