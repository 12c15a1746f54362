import { eventCatalog } from '../generated/event-catalog';
import type { CatalogEntry, TopicName } from './topic-entry.types';

const byTopic: ReadonlyMap<string, CatalogEntry> = new Map(
  Object.values(eventCatalog).map((entry) => [entry.topic, entry]),
);

/**
 * The catalog entry of a topic named at run time (a decoder's configured topic, the
 * outbox's topic_name column, a record's topic minus the environment prefix); undefined
 * for a topic the catalog does not know.
 */
export function findTopicEntry(topic: string): CatalogEntry | undefined {
  return byTopic.get(topic);
}

/** The entry of a topic named in code, typed to that very topic. */
export function topicEntryFor<T extends TopicName>(topic: T): Extract<CatalogEntry, { topic: T }> {
  return byTopic.get(topic) as Extract<CatalogEntry, { topic: T }>;
}
