/** A topic's settings as a topics file declares them (kafkaesque's TopicDeclaration has this shape). */
export interface TopicCreationSettings {
  readonly partitions?: number;
  readonly replicationFactor?: number;
  readonly config: Readonly<Record<string, string>>;
}

/** One declared topic: its full name with the prefix, and its settings. */
export interface DeclaredTopic extends TopicCreationSettings {
  readonly topic: string;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Kafka Connect's `topic.creation.*` settings from the declared topics: should the connector be
 * the first to write to a topic (provision-topics has not run, or a new event type routes to an
 * undeclared topic), Connect creates it as the topics file says instead of with the broker's
 * defaults. One group per declared topic (matched by its exact name), and the file's defaults
 * for anything else; a missing partition count or replication factor is -1, the broker's.
 */
export function topicCreationSettings(
  defaults: TopicCreationSettings,
  topics: readonly DeclaredTopic[],
): Record<string, string> {
  const settings: Record<string, string> = {};
  const put = (group: string, topic: TopicCreationSettings) => {
    settings[`topic.creation.${group}.replication.factor`] = String(topic.replicationFactor ?? -1);
    settings[`topic.creation.${group}.partitions`] = String(topic.partitions ?? -1);
    for (const [name, value] of Object.entries(topic.config))
      settings[`topic.creation.${group}.${name}`] = value;
  };
  put('default', defaults);
  const groups = topics.map((topic, index) => {
    const group = `declared${index}`;
    settings[`topic.creation.${group}.include`] = `^${escapeRegex(topic.topic)}$`;
    put(group, topic);
    return group;
  });
  if (groups.length > 0) settings['topic.creation.groups'] = groups.join(',');
  return settings;
}
