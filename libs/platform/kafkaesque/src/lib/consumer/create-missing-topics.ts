import type { Kafka } from 'kafkajs';
import type { ConsumerDefinition } from '../discovery/consumer-definition';

/**
 * Creates a group's source and dead-letter topics that do not exist yet. For local use and
 * tests only (`createMissingTopics` in the module options): in production topics are
 * provisioned with their own partition counts and retention, never by a consumer.
 */
export async function createMissingTopics(kafka: Kafka, definition: ConsumerDefinition, numPartitions: number): Promise<void> {
  const wanted = [...definition.routes.values()].flatMap((route) =>
    route.deadLetter ? [route.kafkaTopic, route.deadLetter.kafkaTopic] : [route.kafkaTopic],
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(wanted)].filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
