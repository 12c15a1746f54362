import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { workspaceRoot } from '@platform/testing';
import { parseAllDocuments, stringify } from 'yaml';

/** The chart's directory; relative values files given to {@link renderChart} are resolved from here. */
export const CHART_DIR = join(workspaceRoot(), 'deploy/helm/my-service');

/** The values file pointing every host at this repo's local infrastructure (infra/local/infra.env). */
export const LOCAL_VALUES = 'ci/local-values.yaml';

/** The release name the helpers render with. */
export const RELEASE = 'my-service';

/** A rendered Kubernetes object, typed as far as these tests read it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { resource: string };
  };
}

export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  [field: string]: unknown;
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

export interface PodSpec {
  containers: Container[];
  securityContext?: Record<string, unknown>;
  volumes?: Array<{ name: string; emptyDir?: Record<string, unknown> }>;
  serviceAccountName?: string;
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  [field: string]: unknown;
}

/** A Deployment or Job: the objects with a pod template. */
export interface Workload extends K8sObject {
  spec: { template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } } & Record<
    string,
    unknown
  >;
}

/** How {@link containerEnv} resolves what only a cluster knows. */
export interface ResolveOptions {
  /**
   * Values of `valueFrom.fieldRef` paths, e.g. `{ 'status.hostIP': '10.0.0.7' }`. A fieldRef
   * without one throws: the chart's default values read DD_AGENT_HOST from the node's IP.
   */
  fieldRefs?: Record<string, string>;
}

let helmPath: string | undefined;

/**
 * Installs the pinned helm when missing (scripts/ensure-helm.sh: `go install`, minutes the
 * first time, then instant) and returns the path of the binary. Memoised per process.
 */
export function ensureHelm(): string {
  if (helmPath) return helmPath;
  const run = spawnSync('bash', [join(workspaceRoot(), 'scripts/ensure-helm.sh')], {
    cwd: workspaceRoot(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (run.stdout ?? '').trim().split('\n');
  if (run.status !== 0) {
    throw new Error(`scripts/ensure-helm.sh failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  helmPath = lines[lines.length - 1].trim();
  return helmPath;
}

/**
 * Runs helm with the given arguments in the chart's directory; returns stdout, throws with
 * helm's output when it exits non-zero.
 */
export function helm(args: string[]): string {
  const run = spawnSync(ensureHelm(), args, {
    cwd: CHART_DIR,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(`helm ${args.join(' ')} failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  }
  return run.stdout;
}

function valuesArgs(valuesFiles: string[], set: Record<string, string>): string[] {
  const files = valuesFiles.flatMap((file) => ['-f', isAbsolute(file) ? file : join(CHART_DIR, file)]);
  // --set splits on commas and treats backslashes as escapes: escape both.
  const sets = Object.entries(set).flatMap(([key, value]) => [
    '--set',
    `${key}=${value.replace(/\\/g, '\\\\').replace(/,/g, '\\,')}`,
  ]);
  return [...files, ...sets];
}

/**
 * Writes `values` as a values file in a fresh temporary directory and returns its path, for
 * {@link renderChart} and {@link lintChart}: lists and nested maps that `--set` spells badly
 * (it splits on commas, which the helpers escape).
 */
export function valuesFile(values: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'chart-values-')), 'values.yaml');
  writeFileSync(file, stringify(values));
  return file;
}

/** `helm lint --strict` of the chart with these values; returns its output, throws when it fails. */
export function lintChart(valuesFiles: string[] = [], set: Record<string, string> = {}): string {
  return helm(['lint', '--strict', CHART_DIR, ...valuesArgs(valuesFiles, set)]);
}

/**
 * `helm template` of the chart (release {@link RELEASE}, hooks included) with the values files
 * (relative ones from the chart's directory, e.g. {@link LOCAL_VALUES}) and `--set` overrides
 * (typed like helm's `--set`: `'false'` is a boolean, `'null'` removes a key); returns the
 * rendered objects in order.
 */
export function renderChart(valuesFiles: string[] = [], set: Record<string, string> = {}): K8sObject[] {
  const out = helm(['template', RELEASE, CHART_DIR, ...valuesArgs(valuesFiles, set)]);
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(out)) {
    if (doc.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${doc.errors[0].message}`);
    const object = doc.toJS() as K8sObject | null;
    if (object) objects.push(object);
  }
  return objects;
}

/** The rendered objects of one kind, e.g. `ofKind(objects, 'Service')`. */
export function ofKind<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

function find<T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) {
    const names = ofKind(objects, kind).map((o) => o.metadata.name);
    throw new Error(`no ${kind} "${name}" rendered (${kind}s: ${names.join(', ') || 'none'})`);
  }
  return found as T;
}

/** The Deployment named `name`; throws listing the rendered ones when there is none. */
export function deploymentOf(objects: K8sObject[], name: string): Workload {
  return find<Workload>(objects, 'Deployment', name);
}

/** The Job named `name` (hook Jobs included); throws when there is none. */
export function jobOf(objects: K8sObject[], name: string): Workload {
  return find<Workload>(objects, 'Job', name);
}

/** The workload's container named `name`, else its only container. */
export function containerOf(workload: Workload, name = workload.metadata.name): Container {
  const containers = workload.spec.template.spec.containers;
  const found =
    containers.find((c) => c.name === name) ?? (containers.length === 1 ? containers[0] : undefined);
  if (!found) throw new Error(`${workload.kind} ${workload.metadata.name} has no container "${name}"`);
  return found;
}

function secretData(secret: K8sObject): Record<string, string> {
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString('utf8')]),
  );
  // The API server merges stringData over data.
  return { ...decoded, ...(secret.stringData ?? {}) };
}

function source(
  objects: K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
): Record<string, string> | undefined {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) return undefined;
  return kind === 'Secret'
    ? secretData(found)
    : Object.fromEntries(Object.entries(found.data ?? {}).map(([k, v]) => [k, String(v)]));
}

/**
 * The environment a container gets, as the kubelet would build it from the rendered objects:
 * `envFrom` first (in order, with its prefix), then `env` (later entries win), resolving
 * `value`, `valueFrom.configMapKeyRef`, `valueFrom.secretKeyRef` (base64 `data` or
 * `stringData`) and `envFrom` against the ConfigMaps and Secrets in `objects`. Throws when a
 * reference points at a ConfigMap, Secret or key that was not rendered (unless the reference
 * is `optional`), and for a fieldRef not given in `options.fieldRefs`. `$(VAR)` references
 * in values are not expanded (the chart uses none).
 */
export function containerEnvOf(
  objects: K8sObject[],
  container: Container,
  options: ResolveOptions = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  const where = `container ${container.name}`;
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    if (!ref) throw new Error(`${where}: envFrom entry without configMapRef or secretRef`);
    const data = source(objects, kind, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new Error(`${where}: envFrom ${kind} "${ref.name}" is not rendered`);
    }
    for (const [key, value] of Object.entries(data)) env[`${from.prefix ?? ''}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    const { name, value, valueFrom } = variable;
    if (!valueFrom) {
      env[name] = value ?? '';
      continue;
    }
    const keyRef = valueFrom.configMapKeyRef ?? valueFrom.secretKeyRef;
    if (keyRef) {
      const kind = valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const data = source(objects, kind, keyRef.name);
      const resolved = data?.[keyRef.key];
      if (resolved === undefined) {
        if (keyRef.optional) continue;
        throw new Error(
          `${where}: ${name} refers to ${kind} "${keyRef.name}" key "${keyRef.key}", which is not rendered` +
            (data ? '' : ` (no ${kind} "${keyRef.name}")`),
        );
      }
      env[name] = resolved;
    } else if (valueFrom.fieldRef) {
      const resolved = options.fieldRefs?.[valueFrom.fieldRef.fieldPath];
      if (resolved === undefined) {
        throw new Error(
          `${where}: ${name} comes from fieldRef ${valueFrom.fieldRef.fieldPath}; pass options.fieldRefs`,
        );
      }
      env[name] = resolved;
    } else {
      throw new Error(
        `${where}: ${name} has a valueFrom this helper cannot resolve: ${JSON.stringify(valueFrom)}`,
      );
    }
  }
  return env;
}

/**
 * The environment of the Deployment `deploymentName`'s container of the same name (the app's
 * container), resolved like {@link containerEnvOf}: exactly what the chart gives that app.
 */
export function containerEnv(
  objects: K8sObject[],
  deploymentName: string,
  options: ResolveOptions = {},
): Record<string, string> {
  return containerEnvOf(objects, containerOf(deploymentOf(objects, deploymentName)), options);
}
