import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_HTTP_PORTS } from '@platform/config';
import { workspaceRoot } from '@platform/testing';
import { parse } from 'yaml';
import {
  containerEnv,
  containerEnvOf,
  containerOf,
  jobOf,
  LOCAL_VALUES,
  renderChart,
  type K8sObject,
} from './chart';

interface ComposeService {
  image?: string;
  build?: { context: string };
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  read_only?: boolean;
  depends_on?: Record<string, { condition: string }> | string[];
}

// docker-compose.yml's `apps` profile runs the image the way the chart does. No Docker engine
// here, so this keeps it honest: same commands, and every variable the chart gives an app (the
// chart's own test derives those from the production loaders) is given by compose too.
const compose = parse(readFileSync(join(workspaceRoot(), 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const apps = Object.keys(DEV_HTTP_PORTS);
const steps = ['migrate', 'provision-topics', 'register-connector'];
// Cluster-only: the pod's node for the agent, the chart's version label.
const CHART_ONLY = new Set(['DD_VERSION']);

describe('docker-compose.yml `apps` profile agrees with the Helm chart', () => {
  let objects: K8sObject[];
  beforeAll(() => {
    objects = renderChart([LOCAL_VALUES]);
  });

  it('runs the six apps and the three deploy steps from the root Dockerfile, only in that profile', () => {
    const inProfile = Object.entries(compose.services).filter(([, s]) => s.profiles?.includes('apps'));
    expect(inProfile.map(([name]) => name).sort()).toEqual([...apps, ...steps].sort());
    for (const [, service] of inProfile) {
      expect(service).toMatchObject({ image: 'my-service:dev', build: { context: '.' }, read_only: true });
    }
  });

  it.each(apps)('%s: the chart’s command, the dev port, after the deploy steps', (app) => {
    const service = compose.services[app];
    expect(service.command).toEqual([`dist/apps/${app}/main.js`]);
    expect(service.ports).toContain(`127.0.0.1:${DEV_HTTP_PORTS[app]}:${DEV_HTTP_PORTS[app]}`);
    expect(service.environment?.PORT).toBe(String(DEV_HTTP_PORTS[app]));
    expect(service.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      'provision-topics': { condition: 'service_completed_successfully' },
    });
  });

  it.each(apps)('%s: every variable the chart gives the app', (app) => {
    const chartKeys = Object.keys(containerEnv(objects, app)).filter((k) => !CHART_ONLY.has(k));
    const composeEnv = compose.services[app].environment ?? {};
    const missing = chartKeys.filter((key) => !(key in composeEnv));
    expect(missing).toEqual([]);
  });

  it.each(steps)('%s: the chart Job’s command and environment', (step) => {
    const container = containerOf(jobOf(objects, `my-service-${step}`));
    expect(compose.services[step].command).toEqual(container.args);
    const missing = Object.keys(containerEnv(objects, 'my-service'))
      .filter((k) => !CHART_ONLY.has(k) && k !== 'DD_SERVICE')
      .filter((key) => !(key in (compose.services[step].environment ?? {})));
    expect(missing).toEqual([]);
  });

  it('register-connector names the database password by a reference compose’s Connect worker resolves', () => {
    const env = compose.services['register-connector'].environment ?? {};
    // `$$` is compose's escape of `$`: the container gets `${env:...}`, as the chart's Job does.
    const reference = String(env.KAFKA_CONNECT_DATABASE_PASSWORD).replace(/\$\$/g, '$');
    const job = containerEnvOf(objects, containerOf(jobOf(objects, 'my-service-register-connector')));
    expect(reference).toBe(job.KAFKA_CONNECT_DATABASE_PASSWORD);
    const [, provider, variable] = /^\$\{(\w+):(\w+)\}$/.exec(reference) ?? [];
    expect(provider).toBe('env');
    // The image turns CONNECT_* variables into worker properties (config.providers...).
    const connect = compose.services.connect.environment ?? {};
    expect(String(connect.CONNECT_CONFIG_PROVIDERS).split(',')).toContain('env');
    expect(connect.CONNECT_CONFIG_PROVIDERS_ENV_CLASS).toBe(
      'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    );
    expect(connect[variable]).toBe(compose.services.postgres.environment?.POSTGRES_PASSWORD);
    expect(env.DATABASE_PASSWORD).toBe(connect[variable]);
  });
});
