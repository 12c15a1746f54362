import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infraSettings, workspaceRoot } from '@platform/testing';
import { parse } from 'yaml';

// docker-compose.yml cannot run on machines without a Docker engine (CI's among them), so this
// test is what keeps it honest: same services, ports and versions as infra/local/infra.env.
interface ComposeService {
  image: string;
  ports?: string[];
  command?: string[];
  environment?: Record<string, string | number>;
  profiles?: string[];
}

const compose = parse(readFileSync(join(workspaceRoot(), 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const env = infraSettings();

function hostPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((p) => Number(p.split(':').at(-2)));
}

function imageTag(service: ComposeService): string {
  return service.image.split(':').at(-1) ?? '';
}

describe('docker-compose.yml agrees with infra/local/infra.env', () => {
  it('declares the five services the native infra starts, plus the optional Datadog agent', () => {
    // The `apps` profile (the service's own image) is checked against the Helm chart in deploy/test.
    const infra = Object.entries(compose.services).filter(([, s]) => !s.profiles?.includes('apps'));
    expect(infra.map(([name]) => name).sort()).toEqual([
      'connect',
      'datadog-agent',
      'kafka',
      'postgres',
      'redis',
      'unleash',
    ]);
    expect(compose.services['datadog-agent'].profiles).toEqual(['datadog']);
  });

  it('publishes the same ports, on loopback', () => {
    const { postgres, redis, unleash, kafka, connect } = compose.services;
    expect(hostPorts(postgres)).toEqual([Number(env.POSTGRES_PORT)]);
    expect(hostPorts(redis)).toEqual([Number(env.REDIS_PORT)]);
    expect(hostPorts(unleash)).toEqual([Number(env.UNLEASH_PORT)]);
    expect(hostPorts(kafka)).toEqual([Number(env.KAFKA_PORT)]);
    expect(hostPorts(connect)).toEqual([Number(env.CONNECT_PORT)]);
    for (const service of [postgres, redis, unleash, kafka, connect]) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('runs the same versions', () => {
    const { postgres, redis, unleash, kafka, connect } = compose.services;
    expect(imageTag(postgres)).toBe(env.POSTGRES_VERSION);
    expect(imageTag(redis)).toBe(env.REDIS_VERSION);
    expect(imageTag(unleash)).toBe(env.UNLEASH_VERSION);
    expect(imageTag(kafka)).toBe(env.KAFKA_VERSION);
    expect(imageTag(connect)).toBe(env.DEBEZIUM_VERSION);
  });

  it('configures Postgres for Debezium and with the same credentials and databases', () => {
    const { postgres } = compose.services;
    expect(postgres.command).toEqual(expect.arrayContaining(['wal_level=logical']));
    expect(postgres.environment).toMatchObject({
      POSTGRES_USER: env.POSTGRES_USER,
      POSTGRES_PASSWORD: env.POSTGRES_PASSWORD,
      POSTGRES_DB: env.POSTGRES_DB,
    });
    const init = readFileSync(join(workspaceRoot(), 'infra/docker/postgres-init.sql'), 'utf8');
    expect(init).toContain(`CREATE DATABASE ${env.POSTGRES_TEST_DB};`);
    expect(init).toContain(`CREATE DATABASE ${env.UNLEASH_DB};`);
  });

  it('gives Unleash its database and the API tokens the apps and tests use', () => {
    expect(compose.services.unleash.environment).toMatchObject({
      DATABASE_URL: `postgres://${env.POSTGRES_USER}:${env.POSTGRES_PASSWORD}@postgres:5432/${env.UNLEASH_DB}`,
      INIT_ADMIN_API_TOKENS: env.UNLEASH_ADMIN_TOKEN,
      INIT_BACKEND_API_TOKENS: env.UNLEASH_CLIENT_TOKEN,
    });
  });

  it('gives Connect the same worker group as the native worker', () => {
    expect(compose.services.connect.environment?.GROUP_ID).toBe(env.CONNECT_GROUP_ID);
  });
});
