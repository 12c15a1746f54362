import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { TopicDeclaration } from './topic-declarations';

/** What provisioning did to one topic, or why it left it alone. */
export type TopicChange =
  | { topic: string; action: 'created'; partitions: number; replicationFactor: number }
  | { topic: string; action: 'partitions-raised'; from: number; to: number }
  | { topic: string; action: 'config-updated'; changed: Record<string, { from?: string; to: string }> }
  | { topic: string; action: 'unchanged' }
  /** Differences it will not change: fixing them means moving data, which is an operator's call. */
  | { topic: string; action: 'drift'; problems: string[] }
  /** A topic another service owns is missing: creating it is that service's job. */
  | { topic: string; action: 'missing-elsewhere'; owner: string };

export interface ProvisionOptions {
  /** The service running the provisioning; topics of other owners are only checked, unless `createForeign`. */
  service: string;
  /** Create missing topics of other owners too (dev and test, where nobody else provisions them). */
  createForeign: boolean;
}

/**
 * Makes the cluster match the declarations as far as it safely can: creates missing topics,
 * raises partition counts, sets topic configs; reports a replication factor or a larger
 * partition count it finds instead of changing them, and any difference on a topic another
 * service owns (unless `createForeign`). Idempotent: a second run reports only
 * `unchanged` (and drift still present).
 */
export async function provisionTopics(
  admin: Admin,
  declarations: readonly TopicDeclaration[],
  options: ProvisionOptions,
): Promise<TopicChange[]> {
  const existing = new Set(await admin.listTopics());
  const changes: TopicChange[] = [];

  // Topics of other owners are theirs to create and change; here they are only checked.
  const ours = (d: TopicDeclaration) => d.owner === options.service || options.createForeign;
  const toCreate = declarations.filter((d) => !existing.has(d.topic));
  for (const d of toCreate.filter((d) => !ours(d))) {
    changes.push({ topic: d.topic, action: 'missing-elsewhere', owner: d.owner });
  }
  const creating = toCreate.filter(ours);
  if (creating.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: creating.map((d) => ({
        topic: d.topic,
        numPartitions: d.partitions,
        replicationFactor: d.replicationFactor,
        configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
      })),
    });
    for (const d of creating) {
      changes.push({
        topic: d.topic,
        action: 'created',
        partitions: d.partitions,
        replicationFactor: d.replicationFactor,
      });
    }
  }

  const present = declarations.filter((d) => existing.has(d.topic));
  if (present.length === 0) return changes;
  const { topics: metadata } = await admin.fetchTopicMetadata({ topics: present.map((d) => d.topic) });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((d) => ({
      type: ConfigResourceTypes.TOPIC,
      name: d.topic,
      configNames: Object.keys(d.config),
    })),
  });

  for (const d of present) {
    const partitions = metadata.find((m) => m.name === d.topic)?.partitions ?? [];
    const replicationFactor = partitions[0]?.replicas.length ?? 0;
    const drift: string[] = [];
    let touched = false;
    if (replicationFactor !== d.replicationFactor) {
      drift.push(`replication factor is ${replicationFactor}, declared ${d.replicationFactor}`);
    }
    if (partitions.length > d.partitions) {
      drift.push(`${partitions.length} partitions, declared ${d.partitions} (partitions cannot be removed)`);
    } else if (partitions.length < d.partitions && !ours(d)) {
      drift.push(`${partitions.length} partitions, declared ${d.partitions} (owned by ${d.owner})`);
    } else if (partitions.length < d.partitions) {
      await admin.createPartitions({ topicPartitions: [{ topic: d.topic, count: d.partitions }] });
      changes.push({
        topic: d.topic,
        action: 'partitions-raised',
        from: partitions.length,
        to: d.partitions,
      });
      touched = true;
    }

    const current = configs.resources.find((r) => r.resourceName === d.topic)?.configEntries ?? [];
    const changed: Record<string, { from?: string; to: string }> = {};
    for (const [name, value] of Object.entries(d.config)) {
      const now = current.find((c) => c.configName === name)?.configValue;
      if (now !== value) changed[name] = { from: now, to: value };
    }
    if (Object.keys(changed).length > 0 && !ours(d)) {
      drift.push(
        `config ${Object.entries(changed)
          .map(([k, v]) => `${k}=${v.from ?? 'unset'}, declared ${v.to}`)
          .join(', ')} (owned by ${d.owner})`,
      );
    } else if (Object.keys(changed).length > 0) {
      // Non-incremental: the declared set becomes the topic's whole dynamic config.
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: d.topic,
            configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
          },
        ],
      });
      changes.push({ topic: d.topic, action: 'config-updated', changed });
      touched = true;
    }
    if (drift.length > 0) changes.push({ topic: d.topic, action: 'drift', problems: drift });
    else if (!touched) changes.push({ topic: d.topic, action: 'unchanged' });
  }
  return changes;
}

/** One line per change, for the command's output. */
export function describeTopicChange(change: TopicChange): string {
  switch (change.action) {
    case 'created':
      return `${change.topic}: created (${change.partitions} partitions, replication factor ${change.replicationFactor})`;
    case 'partitions-raised':
      return `${change.topic}: partitions raised ${change.from} -> ${change.to}`;
    case 'config-updated':
      return `${change.topic}: config set ${Object.entries(change.changed)
        .map(([k, v]) => `${k}=${v.to} (was ${v.from ?? 'unset'})`)
        .join(', ')}`;
    case 'unchanged':
      return `${change.topic}: as declared`;
    case 'drift':
      return `${change.topic}: DRIFT, not changed: ${change.problems.join('; ')}`;
    case 'missing-elsewhere':
      return `${change.topic}: MISSING, owned by ${change.owner}: not created here`;
  }
}
