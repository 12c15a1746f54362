import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FEATURE_FLAGS_PROD_ENV,
  featureFlagsConfig,
  loadConfig,
  MissingEnvironmentError,
  REQUIRED_PROD_ENV,
  type AppConfig,
  type Env,
} from '@platform/config';
import { dogStatsdSettings, serviceTags, tracingSettings } from '@platform/monitor';
import { workspaceRoot } from '@platform/testing';
import { InvalidAuthConfigError, JwtVerifier, ServiceTokenVerifier } from '@platform/web-helpers';
import { stringify } from 'yaml';
import {
  INTERNAL_API_PROD_ENV,
  internalApiConfig,
} from '../../apps/my-service-graphql/src/app/internal-api.config';
import { grpcServerOptionsFor } from '../../apps/my-service-rpc/src/app/grpc-server.config';
import { PUBLIC_API_PROD_ENV, publicApiConfig } from '../../apps/my-service-web/src/app/public-api.config';
import {
  containerEnv,
  containerEnvOf,
  containerOf,
  deploymentOf,
  ensureHelm,
  jobOf,
  LOCAL_VALUES,
  ofKind,
  renderChart,
  valuesFile,
  type K8sObject,
} from './chart';

// Env completeness, derived from the code: each app's production loaders, called in-process
// with exactly the environment the chart gives that app's container, must accept it. The
// image test runs the same environment in the real containers.

const APPS = readdirSync(join(workspaceRoot(), 'apps'))
  .filter((name) => statSync(join(workspaceRoot(), 'apps', name)).isDirectory())
  .sort();

/** The non-spec TypeScript sources of an app. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Apps whose code loads FeatureFlagsModule: they need FEATURE_FLAGS_PROD_ENV too. */
const FEATURE_FLAG_APPS = APPS.filter((app) =>
  sources(join(workspaceRoot(), 'apps', app, 'src')).some((file) =>
    /\bFeatureFlagsModule\b/.test(readFileSync(file, 'utf8')),
  ),
);

const GRPC_PROD_ENV = ['GRPC_PORT', 'RPC_SERVICE_TOKEN'] as const;

/** What each app reads beyond loadConfig and the monitor lib, with the variables each requires. */
const APP_READERS: Record<
  string,
  { required: readonly string[]; read: (c: AppConfig, env: Env) => unknown }
> = {
  'my-service-web': {
    required: PUBLIC_API_PROD_ENV,
    // The module imports the key at boot: a malformed or short key fails there.
    read: (config, env) => JwtVerifier.create(publicApiConfig(config, env).jwt),
  },
  'my-service-graphql': {
    required: INTERNAL_API_PROD_ENV,
    read: (config, env) => new ServiceTokenVerifier(internalApiConfig(config, env).serviceTokens),
  },
  'my-service-rpc': { required: GRPC_PROD_ENV, read: (config, env) => grpcServerOptionsFor(config, env) },
};

/** Every production loader the app runs at boot, with `env`; rejects with the first one's error. */
async function loadAll(app: string, env: Env): Promise<AppConfig> {
  // Before anything else, like the apps' tracing.ts.
  const tracing = tracingSettings(app, env);
  expect(tracing).toMatchObject({ enabled: true, service: app, env: env.DD_ENV });
  const config = loadConfig(app, env);
  expect(config.env).toBe('prod');
  dogStatsdSettings(env);
  expect(serviceTags(app, env).service).toBe(app);
  if (FEATURE_FLAG_APPS.includes(app)) featureFlagsConfig(config, env);
  await APP_READERS[app]?.read(config, env);
  return config;
}

/** The variables whose absence one of the app's loaders reports. */
function requiredOf(app: string): string[] {
  return [
    ...REQUIRED_PROD_ENV,
    ...(FEATURE_FLAG_APPS.includes(app) ? FEATURE_FLAGS_PROD_ENV : []),
    ...(APP_READERS[app]?.required ?? []),
  ];
}

let local: K8sObject[];

beforeAll(() => {
  ensureHelm();
  local = renderChart([LOCAL_VALUES]);
}, 20 * 60_000);

it('finds the apps and which of them use feature flags in the code', () => {
  expect(APPS).toHaveLength(6);
  expect(FEATURE_FLAG_APPS).toEqual(['my-service-events-consumers']);
});

describe.each(APPS)('%s with the env the chart gives it (ci/local-values.yaml)', (app) => {
  it('passes every production loader the app uses', async () => {
    const env = containerEnv(local, app);
    expect(env.APP_ENV).toBe('prod');
    const config = await loadAll(app, env);
    const container = containerOf(deploymentOf(local, app));
    expect(config.http.port).toBe(container.ports?.find((p) => p.name === 'http')?.containerPort);
  });

  it('fails naming the variable when any one the loaders require is dropped', async () => {
    const env = containerEnv(local, app);
    const required = requiredOf(app);
    expect(required).toContain('DATABASE_PASSWORD');
    for (const name of required) {
      const { [name]: dropped, ...rest } = env;
      expect(dropped).toBeTruthy();
      await expect(loadAll(app, rest)).rejects.toThrow(new MissingEnvironmentError([name]));
    }
  });
});

it('fails with MissingEnvironmentError when DATABASE_PASSWORD is dropped', () => {
  const { DATABASE_PASSWORD: _dropped, ...env } = containerEnv(local, 'my-service');
  expect(() => loadConfig('my-service', env)).toThrow(MissingEnvironmentError);
  expect(() => loadConfig('my-service', env)).toThrow(new MissingEnvironmentError(['DATABASE_PASSWORD']));
});

it('checks values, not only presence: a short HS256 key fails the web app', async () => {
  const objects = renderChart([LOCAL_VALUES], { 'secrets.values.JWT_VERIFICATION_KEY': 'too-short' });
  await expect(loadAll('my-service-web', containerEnv(objects, 'my-service-web'))).rejects.toThrow(
    InvalidAuthConfigError,
  );
});

it("gives the hook Jobs what the core app's commands load (loadConfig of my-service)", () => {
  for (const job of ofKind(local, 'Job')) {
    expect(() =>
      loadConfig('my-service', containerEnvOf(local, containerOf(jobOf(local, job.metadata.name)))),
    ).not.toThrow();
  }
});

it("the default values' production shape (RS256 key, agent on the node) passes the same loaders", async () => {
  const { publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const file = join(mkdtempSync(join(tmpdir(), 'chart-values-')), 'secrets.yaml');
  const token = (name: string) => `${name}-${'x'.repeat(32)}`;
  writeFileSync(
    file,
    stringify({
      secrets: {
        create: true,
        values: {
          DATABASE_PASSWORD: 'password',
          // One line, newlines escaped, as a PEM usually arrives in a variable.
          JWT_VERIFICATION_KEY: publicKey.trim().replace(/\n/g, '\\n'),
          INTERNAL_SERVICE_TOKENS: `${token('a')},${token('b')}`,
          RPC_SERVICE_TOKEN: token('rpc'),
          UNLEASH_API_TOKEN: 'default:production.token',
        },
      },
    }),
  );
  const objects = renderChart([file]);
  for (const app of APPS) {
    const env = containerEnv(objects, app, { fieldRefs: { 'status.hostIP': '10.0.0.7' } });
    expect(env.DD_AGENT_HOST).toBe('10.0.0.7');
    await loadAll(app, env);
  }
});

it('with Kafka SCRAM and a Redis ACL user, secrets.connectionKeys brings their passwords to every app and Job', async () => {
  const objects = renderChart([
    LOCAL_VALUES,
    valuesFile({
      env: { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'svc', REDIS_USERNAME: 'svc' },
      secrets: {
        connectionKeys: ['DATABASE_PASSWORD', 'KAFKA_SASL_PASSWORD', 'REDIS_PASSWORD'],
        values: { KAFKA_SASL_PASSWORD: 'kafka-password', REDIS_PASSWORD: 'redis-password' },
      },
    }),
  ]);
  const expected = {
    kafka: { sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'kafka-password' } },
    redis: { username: 'svc', password: 'redis-password' },
  };
  for (const app of APPS) {
    expect(await loadAll(app, containerEnv(objects, app))).toMatchObject(expected);
  }
  for (const job of ofKind(objects, 'Job')) {
    const env = containerEnvOf(objects, containerOf(jobOf(objects, job.metadata.name)));
    expect(loadConfig('my-service', env)).toMatchObject(expected);
  }
});
