import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  deleteKafkaRun,
  ensureInfra,
  eventually,
  scratchDatabase,
  workspaceRoot,
  type ScratchDatabase,
} from '@platform/testing';
import { SignJWT } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import {
  containerEnv,
  containerEnvOf,
  containerOf,
  deploymentOf,
  jobOf,
  LOCAL_VALUES,
  renderChart,
  type K8sObject,
} from './chart';

const PODMAN = ['bash', 'scripts/container/podman.sh'];
const IMAGE = 'localhost/my-service:dev';
const APPS = [
  'my-service',
  'my-service-web',
  'my-service-graphql',
  'my-service-rpc',
  'my-service-events-consumers',
  'my-service-worker',
];
const STEPS = ['migrate', 'provision-topics', 'register-connector'];

function podman(args: string[], options: { inherit?: boolean; timeoutMs?: number } = {}) {
  const run = spawnSync(PODMAN[0], [...PODMAN.slice(1), 'podman', ...args], {
    cwd: workspaceRoot(),
    encoding: 'utf8',
    stdio: options.inherit ? ['ignore', 'inherit', 'inherit'] : 'pipe',
    timeout: options.timeoutMs ?? 120_000,
  });
  return { status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '' };
}

const envArgs = (env: Record<string, string>) => Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);

/**
 * `podman run` to completion. Not attached (`run --rm`): here podman then waits 20 s for an exit
 * file conmon never writes ("Exceeded conmon timeout"), while `inspect` already reports the
 * container stopped with its exit code; so: detached, polled, then its logs.
 */
async function runToCompletion(name: string, args: string[], timeoutMs: number) {
  const started = podman(['run', '--detach', '--name', name, ...args]);
  if (started.status !== 0) return { status: started.status, stdout: started.stdout, stderr: started.stderr };
  const status = await eventually(
    `${name} to finish`,
    async () => {
      const [state, code] = podman(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name])
        .stdout.trim()
        .split(' ');
      return state === 'running' || state === 'created' ? undefined : Number(code);
    },
    timeoutMs,
    200,
  );
  const logs = podman(['logs', name]);
  podman(['rm', '--force', name]);
  return { status, stdout: logs.stdout, stderr: logs.stderr };
}

// The service's image, built with podman on a local stand-in base, run the way the Helm chart
// runs it: each step and app with exactly the environment, arguments and security settings the
// chart renders (ci/local-values.yaml points them at the local infrastructure), on the host
// network, read-only root filesystem. Every app must become ready, do its job (one GraphQL
// mutation reaches the consumers through the outbox) and exit cleanly on SIGTERM.
//
// Inside the starter generators' scratch copy this is skipped: the image build is the slow part
// and the copy checks the renamed code, not the container tooling (it runs here, once).
const describeImage = process.env.STARTER_SCRATCH_RUN === '1' ? describe.skip : describe;

describeImage('the image runs every app as the chart does (podman, real infrastructure)', () => {
  const run = `${Date.now().toString(36)}`;
  const prefix = `image${run}`;
  const database = `my_service_image_${run}`;
  const names = (app: string) => `${app}-${run}`;
  let objects: K8sObject[];
  let db: ScratchDatabase;
  const started: string[] = [];

  beforeAll(async () => {
    const build = spawnSync(PODMAN[0], [...PODMAN.slice(1), 'build'], {
      cwd: workspaceRoot(),
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 30 * 60_000,
    });
    if (build.status !== 0) throw new Error(`podman.sh build failed (exit ${build.status})`);
    await ensureInfra(['postgres', 'redis', 'unleash', 'kafka', 'connect']);
    db = await scratchDatabase(database);
    objects = renderChart([LOCAL_VALUES], { 'env.KAFKA_PREFIX': prefix, 'env.DATABASE_NAME': database });
  }, 35 * 60_000);

  afterAll(async () => {
    for (const name of started) {
      const logs = podman(['logs', '--tail', '20', name]);
      if (process.env.IMAGE_TEST_LOGS === '1')
        process.stdout.write(`--- ${name}\n${logs.stdout}${logs.stderr}\n`);
      podman(['rm', '--force', '--time', '0', name]);
    }
    await fetch(`http://127.0.0.1:8083/connectors/${prefix}.my-service-outbox`, { method: 'DELETE' }).catch(
      () => undefined,
    );
    await db?.drop();
    await deleteKafkaRun(
      new Kafka({ clientId: 'image-spec', brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING }),
      prefix,
    );
  }, 180_000);

  /** `podman run` flags for the chart's container: its env, its user, no capabilities, a read-only root and /tmp. */
  const runFlags = (env: Record<string, string>, uid: unknown) => [
    '--network',
    'host',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--user',
    `${uid}:${uid}`,
    ...envArgs(env),
  ];

  it('runs the deploy steps as the chart’s Jobs, each exiting 0', async () => {
    for (const step of STEPS) {
      const job = jobOf(objects, `my-service-${step}`);
      const container = containerOf(job);
      const uid = job.spec.template.spec.securityContext?.runAsUser;
      const result = await runToCompletion(
        `${step}-${run}`,
        [...runFlags(containerEnvOf(objects, container), uid), IMAGE, ...(container.args ?? [])],
        180_000,
      );
      expect({ step, status: result.status, stderr: result.stderr }).toEqual({ step, status: 0, stderr: '' });
      expect(result.stdout).toContain(`[${step}] done in`);
    }
  }, 600_000);

  it('starts the six apps with the chart’s environment; each becomes ready', async () => {
    for (const app of APPS) {
      const deployment = deploymentOf(objects, app);
      const container = containerOf(deployment);
      const uid = deployment.spec.template.spec.securityContext?.runAsUser;
      const result = podman([
        'run',
        '--detach',
        '--name',
        names(app),
        ...runFlags(containerEnv(objects, app), uid),
        IMAGE,
        ...(container.args ?? []),
      ]);
      expect({ app, status: result.status, stderr: result.stderr }).toEqual({ app, status: 0, stderr: '' });
      started.push(names(app));
    }
    for (const app of APPS) {
      const port = containerEnv(objects, app).PORT;
      await eventually(
        `${app} ready on :${port}`,
        async () => {
          const state = podman(['inspect', '--format', '{{.State.Status}}', names(app)]).stdout.trim();
          if (state !== 'running')
            throw new Error(`${app} is ${state}: ${podman(['logs', '--tail', '30', names(app)]).stderr}`);
          const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
          return res?.status === 200 ? true : undefined;
        },
        120_000,
        500,
      );
    }
  }, 300_000);

  it('carries a mutation from the web container through the outbox to the consumers container', async () => {
    const web = containerEnv(objects, 'my-service-web');
    const providerId = randomUUID();
    const token = await new SignJWT({ provider_id: providerId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('image-test-user')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(web.JWT_VERIFICATION_KEY));
    const res = await fetch(`http://127.0.0.1:${web.PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation($i: ChangeAddOnInput!) { enableAddOn(input: $i) { enabled } }',
        variables: { i: { providerId, code: 'online_payments' } },
      }),
    });
    expect(await res.json()).toEqual({ data: { enableAddOn: { enabled: true } } });
    // The audit-log consumer writes one activity row per event it handles.
    const rows = await eventually(
      'the consumers container handled the event',
      async () => {
        const found = await db.query(
          'SELECT provider_id, add_on_code, event_type FROM add_on_activity WHERE provider_id = $1',
          [providerId],
        );
        return found.length > 0 ? found : undefined;
      },
      60_000,
      250,
    );
    expect(rows).toEqual([
      { provider_id: providerId, add_on_code: 'online_payments', event_type: 'add_on_enabled' },
    ]);
  }, 120_000);

  it.each(APPS)(
    '%s exits 0 on SIGTERM within its grace period',
    (app) => {
      const grace = Number(deploymentOf(objects, app).spec.template.spec.terminationGracePeriodSeconds);
      const startedAt = Date.now();
      // podman stop sends SIGTERM, then SIGKILL after --time: a kill would show as exit 137.
      const stop = podman(['stop', '--time', String(grace), names(app)], { timeoutMs: (grace + 30) * 1000 });
      const seconds = (Date.now() - startedAt) / 1000;
      const exit = podman(['inspect', '--format', '{{.State.ExitCode}}', names(app)]).stdout.trim();
      expect({ app, stop: stop.status, exit }).toEqual({ app, stop: 0, exit: '0' });
      expect(seconds).toBeLessThan(grace);
    },
    120_000,
  );
});
