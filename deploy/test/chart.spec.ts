import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { infraSettings, workspaceRoot } from '@platform/testing';
import {
  containerEnv,
  containerEnvOf,
  containerOf,
  deploymentOf,
  ensureHelm,
  jobOf,
  lintChart,
  LOCAL_VALUES,
  ofKind,
  renderChart,
  valuesFile,
  type Container,
  type K8sObject,
  type Workload,
} from './chart';

/** The apps of the repo: every apps/<name> with a main.ts. */
const APPS = readdirSync(join(workspaceRoot(), 'apps'))
  .filter((name) => existsSync(join(workspaceRoot(), 'apps', name, 'src/main.ts')))
  .sort();
const CORE = 'my-service';
const API_APPS = ['my-service-graphql', 'my-service-rpc', 'my-service-web'];
const RPC = 'my-service-rpc';
const JOBS = [
  { name: 'my-service-migrate', hook: 'pre-install,pre-upgrade', weight: '-10', script: 'migrate' },
  {
    name: 'my-service-provision-topics',
    hook: 'pre-install,pre-upgrade',
    weight: '-5',
    script: 'provision-topics',
  },
  {
    name: 'my-service-register-connector',
    hook: 'post-install,post-upgrade',
    weight: '0',
    script: 'register-connector',
  },
];
const UID = 10001;

let local: K8sObject[];
let defaults: K8sObject[];

beforeAll(() => {
  ensureHelm(); // minutes on the first run of a machine (go install), then instant
  local = renderChart([LOCAL_VALUES]);
  defaults = renderChart();
}, 20 * 60_000);

const names = (objects: K8sObject[]) => objects.map((o) => o.metadata.name).sort();
const workloads = (objects: K8sObject[]) => [
  ...ofKind<Workload>(objects, 'Deployment'),
  ...ofKind<Workload>(objects, 'Job'),
];
const podLabels = (workload: Workload) => workload.spec.template.metadata?.labels ?? {};
const portNamed = (container: Container, name: string) => container.ports?.find((p) => p.name === name);
const secretRefs = (objects: K8sObject[]) =>
  workloads(objects).flatMap((w) =>
    w.spec.template.spec.containers.flatMap((c) =>
      (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : [])),
    ),
  );

describe('helm lint --strict', () => {
  it('passes with the default values', () => {
    expect(lintChart()).toContain('0 chart(s) failed');
  });

  it('passes with ci/local-values.yaml', () => {
    expect(lintChart([LOCAL_VALUES])).toContain('0 chart(s) failed');
  });
});

describe('the chart rendered with ci/local-values.yaml', () => {
  it('renders a Deployment per app of apps/, running that app from the one image', () => {
    expect(APPS).toHaveLength(6);
    expect(names(ofKind(local, 'Deployment'))).toEqual(APPS);
    for (const app of APPS) {
      const container = containerOf(deploymentOf(local, app));
      expect(container.image).toBe('localhost/my-service:dev');
      expect(container.args).toEqual([`dist/apps/${app}/main.js`]);
    }
  });

  it('has the mirrord target: deployment/my-service with container my-service', () => {
    const mirrord = JSON.parse(readFileSync(join(workspaceRoot(), '.mirrord/mirrord.json'), 'utf8'));
    expect(mirrord.target.path).toBe(`deployment/${CORE}/container/${CORE}`);
    expect(deploymentOf(local, CORE).spec.template.spec.containers.map((c) => c.name)).toEqual([CORE]);
    for (const app of APPS) expect(containerOf(deploymentOf(local, app)).name).toBe(app);
  });

  it('runs every container and Job as the non-root uid/gid 10001 with a read-only root filesystem', () => {
    const all = workloads(local);
    expect(all).toHaveLength(APPS.length + JOBS.length);
    for (const workload of all) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: UID,
        runAsGroup: UID,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      const tmp = pod.volumes?.find((v) => v.name === 'tmp');
      expect(tmp?.emptyDir).toBeDefined();
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: UID,
          runAsGroup: UID,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        expect(container.resources?.requests).toEqual(expect.objectContaining({ cpu: expect.any(String) }));
        expect(container.resources?.limits).toEqual(expect.objectContaining({ memory: expect.any(String) }));
      }
    }
  });

  it('probes /health/live and /health/ready on the named port whose containerPort is the PORT', () => {
    for (const app of APPS) {
      const deployment = deploymentOf(local, app);
      const container = containerOf(deployment);
      const env = containerEnv(local, app);
      const http = portNamed(container, 'http');
      expect(http?.containerPort).toBe(Number(env.PORT));
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(0);
    }
  });

  it('gives each app a distinct PORT (3100..3105), so the six can share the host network', () => {
    const ports = APPS.map((app) => Number(containerEnv(local, app).PORT));
    expect(ports.sort()).toEqual([3100, 3101, 3102, 3103, 3104, 3105]);
    const grpcPort = Number(containerEnv(local, RPC).GRPC_PORT);
    expect(ports).not.toContain(grpcPort);
  });

  it('makes PORT overridable per app', () => {
    const objects = renderChart([LOCAL_VALUES], { 'apps.my-service-web.port': '4100' });
    expect(containerEnv(objects, 'my-service-web').PORT).toBe('4100');
    expect(portNamed(containerOf(deploymentOf(objects, 'my-service-web')), 'http')?.containerPort).toBe(4100);
  });

  it('has an HTTP Service per app, selecting its pods', () => {
    for (const app of APPS) {
      const service = local.find((o) => o.kind === 'Service' && o.metadata.name === app);
      expect(service?.spec).toMatchObject({
        selector: expect.any(Object),
        ports: [expect.objectContaining({ name: 'http', targetPort: 'http' })],
      });
      expect(podLabels(deploymentOf(local, app))).toMatchObject(service?.spec?.selector as object);
    }
  });

  it('exposes the gRPC server of my-service-rpc on GRPC_PORT through a Service port named grpc', () => {
    const grpcPort = Number(containerEnv(local, RPC).GRPC_PORT);
    expect(grpcPort).toBe(50151);
    expect(portNamed(containerOf(deploymentOf(local, RPC)), 'grpc')?.containerPort).toBe(grpcPort);
    const grpcServices = ofKind(local, 'Service').filter((s) =>
      (s.spec?.ports as Array<{ name: string }>).some((p) => p.name === 'grpc'),
    );
    expect(names(grpcServices)).toEqual([`${RPC}-grpc`]);
    expect(grpcServices[0].spec?.ports).toEqual([
      expect.objectContaining({ name: 'grpc', port: grpcPort, targetPort: 'grpc' }),
    ]);
    expect(podLabels(deploymentOf(local, RPC))).toMatchObject(grpcServices[0].spec?.selector as object);
  });

  it('autoscales exactly the three API apps (autoscaling/v2), leaving their replicas to the HPA', () => {
    for (const objects of [local, defaults]) {
      const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
      expect(names(hpas)).toEqual(API_APPS);
      for (const hpa of hpas) {
        expect(hpa.apiVersion).toBe('autoscaling/v2');
        expect(hpa.spec?.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: hpa.metadata.name,
        });
        expect(deploymentOf(objects, hpa.metadata.name).spec.replicas).toBeUndefined();
      }
    }
    expect(deploymentOf(local, CORE).spec.replicas).toBeGreaterThan(0);
  });

  it('has a PodDisruptionBudget per app, selecting its pods', () => {
    const pdbs = ofKind(local, 'PodDisruptionBudget');
    expect(names(pdbs)).toEqual(APPS);
    for (const pdb of pdbs) {
      const selector = (pdb.spec?.selector as { matchLabels: object }).matchLabels;
      expect(podLabels(deploymentOf(local, pdb.metadata.name))).toMatchObject(selector);
    }
  });

  it('runs migrate and provision-topics before install/upgrade, register-connector after', () => {
    expect(names(ofKind(local, 'Job'))).toEqual(JOBS.map((j) => j.name).sort());
    for (const { name, hook, weight, script } of JOBS) {
      const job = jobOf(local, name);
      expect(job.metadata.annotations).toEqual({
        'helm.sh/hook': hook,
        'helm.sh/hook-weight': weight,
        'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      });
      expect(containerOf(job).args).toEqual([`dist/apps/${CORE}/${script}.js`]);
      expect(job.spec.backoffLimit).toEqual(expect.any(Number));
      expect(job.spec.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(job.spec.template.spec.restartPolicy).toBe('Never');
    }
  });

  it("gives the Jobs the core app's environment inline, since pre-install hooks precede its ConfigMap", () => {
    const coreEnv = containerEnv(local, CORE);
    for (const { name } of JOBS) {
      const container = containerOf(jobOf(local, name));
      expect(container.envFrom).toBeUndefined();
      expect(container.env?.some((e) => e.valueFrom?.configMapKeyRef)).toBe(false);
      expect(containerEnvOf(local, container)).toEqual(coreEnv);
    }
  });

  it('creates the Secret as a hook that precedes every Job that reads it', () => {
    const [secret] = ofKind(local, 'Secret');
    expect(secret.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
    });
    const secretWeight = Number(secret.metadata.annotations?.['helm.sh/hook-weight']);
    for (const { weight } of JOBS) expect(secretWeight).toBeLessThan(Number(weight));
    expect(new Set(secretRefs(local).map((r) => r.name))).toEqual(new Set([secret.metadata.name]));
  });

  it('puts no secret value or key in a ConfigMap or an inline env value', () => {
    // Markers rather than the local values, which are not unique (the local password is the user name).
    const [localSecret] = ofKind(local, 'Secret');
    const keys = Object.keys(localSecret.stringData ?? {});
    expect(keys.length).toBeGreaterThanOrEqual(5);
    const marker = (key: string) => `secret-marker-${key.toLowerCase()}-${'0'.repeat(32)}`;
    const objects = renderChart(
      [LOCAL_VALUES],
      Object.fromEntries(keys.map((key) => [`secrets.values.${key}`, marker(key)])),
    );
    const configMaps = ofKind(objects, 'ConfigMap');
    expect(configMaps).toHaveLength(APPS.length);
    const plain = [
      ...configMaps.flatMap((c) => Object.entries(c.data ?? {})),
      ...workloads(objects).flatMap((w) =>
        w.spec.template.spec.containers.flatMap((c) =>
          (c.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value] as const])),
        ),
      ),
    ];
    expect(plain.length).toBeGreaterThan(APPS.length * 10);
    for (const key of keys) {
      expect(plain.filter(([k, v]) => k === key || v.includes(marker(key)))).toEqual([]);
    }
    // ... while the apps do get them, from the Secret.
    expect(containerEnv(objects, CORE).DATABASE_PASSWORD).toBe(marker('DATABASE_PASSWORD'));
  });

  it('agrees with infra/local/infra.env', () => {
    const s = infraSettings();
    const env = containerEnv(local, 'my-service-events-consumers');
    expect(env).toMatchObject({
      APP_ENV: 'prod',
      DATABASE_HOST: s.INFRA_HOST,
      DATABASE_PORT: s.POSTGRES_PORT,
      DATABASE_USER: s.POSTGRES_USER,
      DATABASE_PASSWORD: s.POSTGRES_PASSWORD,
      DATABASE_NAME: 'my_service_image',
      REDIS_HOST: s.INFRA_HOST,
      REDIS_PORT: s.REDIS_PORT,
      KAFKA_PREFIX: 'image',
      KAFKA_BOOTSTRAP_BROKERS: `${s.INFRA_HOST}:${s.KAFKA_PORT}`,
      KAFKA_ALLOW_PLAINTEXT: 'true',
      KAFKA_CONNECT_URL: `http://${s.INFRA_HOST}:${s.CONNECT_PORT}`,
      UNLEASH_URL: `http://${s.INFRA_HOST}:${s.UNLEASH_PORT}/api`,
      UNLEASH_API_TOKEN: s.UNLEASH_CLIENT_TOKEN,
      DD_AGENT_HOST: s.INFRA_HOST,
    });
  });
});

describe('secrets', () => {
  it('with secrets.create: false renders no Secret and reads secrets.existingSecret', () => {
    const objects = renderChart([LOCAL_VALUES], {
      'secrets.create': 'false',
      'secrets.existingSecret': 'team-owned-secrets',
    });
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const refs = secretRefs(objects);
    expect(refs.length).toBeGreaterThanOrEqual(APPS.length + JOBS.length);
    expect(new Set(refs.map((r) => r.name))).toEqual(new Set(['team-owned-secrets']));
    // The helper refuses to invent what the cluster would provide.
    expect(() => containerEnv(objects, CORE)).toThrow(/Secret "team-owned-secrets" key "DATABASE_PASSWORD"/);
  });

  it('by default reads the Secret named by secrets.existingSecret and DD_AGENT_HOST from the node', () => {
    expect(ofKind(defaults, 'Secret')).toEqual([]);
    expect(new Set(secretRefs(defaults).map((r) => r.name))).toEqual(new Set(['my-service-secrets']));
    for (const app of APPS) {
      const agentHost = containerOf(deploymentOf(defaults, app)).env?.find((e) => e.name === 'DD_AGENT_HOST');
      expect(agentHost?.valueFrom?.fieldRef?.fieldPath).toBe('status.hostIP');
    }
  });

  it('gives each app only the secret keys it reads', () => {
    const keysOf = (app: string) =>
      (containerOf(deploymentOf(local, app)).env ?? []).flatMap((e) =>
        e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : [],
      );
    expect(Object.fromEntries(APPS.map((app) => [app, keysOf(app).sort()]))).toEqual({
      'my-service': ['DATABASE_PASSWORD'],
      'my-service-events-consumers': ['DATABASE_PASSWORD', 'UNLEASH_API_TOKEN'],
      'my-service-graphql': ['DATABASE_PASSWORD', 'INTERNAL_SERVICE_TOKENS'],
      'my-service-rpc': ['DATABASE_PASSWORD', 'RPC_SERVICE_TOKEN'],
      'my-service-web': ['DATABASE_PASSWORD', 'JWT_VERIFICATION_KEY'],
      'my-service-worker': ['DATABASE_PASSWORD'],
    });
  });

  it('refuses to render a secret into a ConfigMap, or a created Secret missing a key', () => {
    expect(() => renderChart([LOCAL_VALUES], { 'env.DATABASE_PASSWORD': 'oops' })).toThrow(
      /DATABASE_PASSWORD is a secret/,
    );
    expect(() => renderChart([LOCAL_VALUES], { 'secrets.values.RPC_SERVICE_TOKEN': 'null' })).toThrow(
      /secrets.values.RPC_SERVICE_TOKEN is required/,
    );
  });
});

describe('connection secrets (secrets.connectionKeys)', () => {
  // What a team with Kafka SASL and a Redis password sets; the web app lists a connection key
  // again and the core app keeps DATABASE_PASSWORD in its own list, as values files written
  // before connectionKeys did: each key must still come once.
  const CONNECTION_KEYS = ['DATABASE_PASSWORD', 'KAFKA_SASL_PASSWORD', 'REDIS_PASSWORD'];
  const marker = (key: string) => `connection-secret-${key.toLowerCase()}-${'0'.repeat(32)}`;
  let withKeys: string;
  let objects: K8sObject[];

  beforeAll(() => {
    withKeys = valuesFile({
      secrets: {
        connectionKeys: CONNECTION_KEYS,
        values: {
          KAFKA_SASL_PASSWORD: marker('KAFKA_SASL_PASSWORD'),
          REDIS_PASSWORD: marker('REDIS_PASSWORD'),
        },
      },
      apps: {
        [CORE]: { secretKeys: ['DATABASE_PASSWORD'] },
        'my-service-web': { secretKeys: ['JWT_VERIFICATION_KEY', 'REDIS_PASSWORD'] },
      },
    });
    objects = renderChart([LOCAL_VALUES, withKeys]);
  });

  const secretKeysOf = (container: Container) =>
    (container.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.key] : []));

  it('are DATABASE_PASSWORD by default, which every Deployment and Job gets once', () => {
    for (const objects of [local, defaults]) {
      for (const workload of workloads(objects)) {
        const [container] = workload.spec.template.spec.containers;
        expect([
          workload.metadata.name,
          secretKeysOf(container).filter((k) => k === 'DATABASE_PASSWORD'),
        ]).toEqual([workload.metadata.name, ['DATABASE_PASSWORD']]);
      }
    }
  });

  it('passes helm lint --strict', () => {
    expect(lintChart([LOCAL_VALUES, withKeys])).toContain('0 chart(s) failed');
  });

  it('gives every Deployment and every Job container a secretKeyRef for each key, exactly once', () => {
    const all = workloads(objects);
    expect(all).toHaveLength(APPS.length + JOBS.length);
    for (const workload of all) {
      for (const container of workload.spec.template.spec.containers) {
        const keys = secretKeysOf(container);
        const names = (container.env ?? []).map((e) => e.name);
        for (const key of CONNECTION_KEYS) {
          expect({
            workload: workload.metadata.name,
            key,
            refs: keys.filter((k) => k === key).length,
          }).toEqual({
            workload: workload.metadata.name,
            key,
            refs: 1,
          });
          expect(names.filter((n) => n === key)).toEqual([key]);
        }
        expect(new Set(keys).size).toBe(keys.length);
      }
    }
    // ... from the Secret, with its values.
    for (const app of APPS) {
      expect(containerEnv(objects, app)).toMatchObject({
        KAFKA_SASL_PASSWORD: marker('KAFKA_SASL_PASSWORD'),
        REDIS_PASSWORD: marker('REDIS_PASSWORD'),
      });
    }
    for (const { name } of JOBS) {
      expect(containerEnvOf(objects, containerOf(jobOf(objects, name)))).toMatchObject({
        KAFKA_SASL_PASSWORD: marker('KAFKA_SASL_PASSWORD'),
        REDIS_PASSWORD: marker('REDIS_PASSWORD'),
      });
    }
  });

  it("adds them to each app's own keys, and gives no app another app's keys", () => {
    const keysOf = (app: string) => secretKeysOf(containerOf(deploymentOf(objects, app))).sort();
    const own: Record<string, string[]> = {
      'my-service': [],
      'my-service-events-consumers': ['UNLEASH_API_TOKEN'],
      'my-service-graphql': ['INTERNAL_SERVICE_TOKENS'],
      'my-service-rpc': ['RPC_SERVICE_TOKEN'],
      'my-service-web': ['JWT_VERIFICATION_KEY'],
      'my-service-worker': [],
    };
    expect(Object.fromEntries(APPS.map((app) => [app, keysOf(app)]))).toEqual(
      Object.fromEntries(APPS.map((app) => [app, [...CONNECTION_KEYS, ...own[app]].sort()])),
    );
    for (const { name } of JOBS) {
      expect(secretKeysOf(containerOf(jobOf(objects, name))).sort()).toEqual(keysOf(CORE));
    }
  });

  it('are required in the created Secret (KAFKA_SASL_PASSWORD though no app lists it), never in a ConfigMap', () => {
    const [secret] = ofKind(objects, 'Secret');
    expect(Object.keys(secret.stringData ?? {})).toEqual(expect.arrayContaining(CONNECTION_KEYS));
    for (const key of CONNECTION_KEYS) {
      expect(() => renderChart([LOCAL_VALUES, withKeys], { [`secrets.values.${key}`]: 'null' })).toThrow(
        new RegExp(`secrets\\.values\\.${key} is required with secrets\\.create`),
      );
    }
    const plain = [
      ...ofKind(objects, 'ConfigMap').flatMap((c) => Object.entries(c.data ?? {})),
      ...workloads(objects).flatMap((w) =>
        w.spec.template.spec.containers.flatMap((c) =>
          (c.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value] as const])),
        ),
      ),
    ];
    for (const key of CONNECTION_KEYS) {
      expect(plain.filter(([k, v]) => k === key || v.includes(marker(key)))).toEqual([]);
    }
  });

  it.each([
    ['env', 'env.KAFKA_SASL_PASSWORD'],
    ['appEnv', 'appEnv.my-service-worker.REDIS_PASSWORD'],
    ['apps.<app>.env', 'apps.my-service-rpc.env.REDIS_PASSWORD'],
  ])('refuses to render one in %s', (_where, path) => {
    const key = path.split('.').pop() as string;
    expect(() => renderChart([LOCAL_VALUES, withKeys], { [path]: 'oops' })).toThrow(
      `${key} is a secret: set it in the Secret (secrets.*), not in env/appEnv`,
    );
  });
});

describe('KAFKA_CONNECT_DATABASE_PASSWORD', () => {
  const REFERENCE = '${env:LOCAL_POSTGRES_PASSWORD}';

  it("reaches the core app's ConfigMap and the register-connector Job verbatim, as a plain value", () => {
    const configMap = local.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${CORE}-env`);
    expect(configMap?.data?.KAFKA_CONNECT_DATABASE_PASSWORD).toBe(REFERENCE);
    expect(containerEnv(local, CORE).KAFKA_CONNECT_DATABASE_PASSWORD).toBe(REFERENCE);
    const job = containerOf(jobOf(local, 'my-service-register-connector'));
    expect(job.env?.filter((e) => e.name === 'KAFKA_CONNECT_DATABASE_PASSWORD')).toEqual([
      { name: 'KAFKA_CONNECT_DATABASE_PASSWORD', value: REFERENCE },
    ]);
  });

  it('defaults to a placeholder reference, never a password', () => {
    const job = containerOf(jobOf(defaults, 'my-service-register-connector'));
    expect(job.env?.find((e) => e.name === 'KAFKA_CONNECT_DATABASE_PASSWORD')?.value).toBe(
      '${env:MY_SERVICE_DATABASE_PASSWORD}',
    );
  });
});
