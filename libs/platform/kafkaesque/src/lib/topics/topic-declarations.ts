import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { withPrefix } from '../topic-names';
import { TopicsFileError } from '../errors/topics-file.error';

/** One topic as it should exist on the cluster, with the environment prefix applied. */
export interface TopicDeclaration {
  /** Full topic name, `<prefix>.<name>`. */
  readonly topic: string;
  /** The service that owns (and in production provisions) the topic. */
  readonly owner: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic-level configs (`min.insync.replicas`, `retention.ms`, `cleanup.policy`, ...). */
  readonly config: Readonly<Record<string, string>>;
}

/** The file's defaults with the environment's overrides: what an undeclared topic would get. */
export interface TopicDefaults {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly config: Readonly<Record<string, string>>;
}

interface TopicSettings {
  partitions?: number;
  replicationFactor?: number;
  config?: Record<string, string | number>;
}

interface TopicsFile {
  defaults?: TopicSettings;
  environments?: Record<string, TopicSettings>;
  topics?: Array<TopicSettings & { name?: string; owner?: string }>;
}

/** The declared topics of a topics file for one environment (see loadTopicsFile). */
export function loadTopicDeclarations(
  file: string,
  options: { environment: string; prefix: string },
): TopicDeclaration[] {
  return loadTopicsFile(file, options).declarations;
}

const stringValues = (config: Record<string, string | number> | undefined) =>
  Object.fromEntries(Object.entries(config ?? {}).map(([k, v]) => [k, String(v)]));

/**
 * Reads a topics file (see config/kafka-topics.yaml) for one environment: each topic's own
 * settings over the environment's over the defaults, configs merged key by key. Every problem
 * in the file is reported at once.
 */
export function loadTopicsFile(
  file: string,
  options: { environment: string; prefix: string },
): { defaults: TopicDefaults; declarations: TopicDeclaration[] } {
  let parsed: TopicsFile;
  try {
    parsed = (parse(readFileSync(file, 'utf8')) ?? {}) as TopicsFile;
  } catch (error) {
    throw new TopicsFileError(file, [(error as Error).message]);
  }
  const problems: string[] = [];
  const defaults = parsed.defaults ?? {};
  const overrides = parsed.environments?.[options.environment] ?? {};
  const seen = new Set<string>();
  const declarations = (parsed.topics ?? []).map((entry, index) => {
    const name = entry.name ?? '';
    const where = name ? `topic ${name}` : `topics[${index}]`;
    if (!/^[a-zA-Z0-9._-]+$/.test(name))
      problems.push(`${where}: name must be a Kafka topic name without the prefix`);
    if (seen.has(name)) problems.push(`${where}: declared twice`);
    seen.add(name);
    if (!entry.owner) problems.push(`${where}: owner is required`);
    const partitions = entry.partitions ?? overrides.partitions ?? defaults.partitions;
    const replicationFactor =
      entry.replicationFactor ?? overrides.replicationFactor ?? defaults.replicationFactor;
    for (const [key, value] of [
      ['partitions', partitions],
      ['replicationFactor', replicationFactor],
    ] as const) {
      if (!Number.isInteger(value) || (value as number) < 1)
        problems.push(`${where}: ${key} must be a positive integer, got ${value}`);
    }
    const config = stringValues({ ...defaults.config, ...overrides.config, ...entry.config });
    return {
      topic: withPrefix(options.prefix, name),
      owner: entry.owner ?? '',
      partitions: partitions as number,
      replicationFactor: replicationFactor as number,
      config,
    };
  });
  if (declarations.length === 0) problems.push('no topics declared');
  if (problems.length > 0) throw new TopicsFileError(file, problems);
  return {
    defaults: {
      partitions: overrides.partitions ?? defaults.partitions,
      replicationFactor: overrides.replicationFactor ?? defaults.replicationFactor,
      config: stringValues({ ...defaults.config, ...overrides.config }),
    },
    declarations,
  };
}
