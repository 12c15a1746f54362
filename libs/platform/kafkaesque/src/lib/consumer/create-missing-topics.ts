import type { Kafka } from 'kafkajs';
import type { ConsumerDefinition } from '../discovery/consumer-definition';
import { MissingDeadLetterTopicError } from '../errors/missing-dead-letter-topic.error';

const deadLetterTopics = (definition: ConsumerDefinition) =>
  [...definition.routes.values()].flatMap((route) => (route.deadLetter ? [route.deadLetter.kafkaTopic] : []));

async function missingTopics(kafka: Kafka, wanted: readonly string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    return [...new Set(wanted)].filter((topic) => !existing.has(topic));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates a group's source and dead-letter topics that do not exist yet. For local use and
 * tests only (`createMissingTopics` in the module options): in production topics are
 * provisioned with their own partition counts and retention, never by a consumer.
 */
export async function createMissingTopics(
  kafka: Kafka,
  definition: ConsumerDefinition,
  numPartitions: number,
): Promise<void> {
  const wanted = [...definition.routes.values()].map((route) => route.kafkaTopic);
  const missing = await missingTopics(kafka, [...wanted, ...deadLetterTopics(definition)]);
  if (missing.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: missing.map((topic) => ({ topic, numPartitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * Production's check before a group joins: every dead-letter topic exists. A missing one fails
 * the start (readiness names it; the runner retries with backoff) rather than blocking a
 * partition at its first failing message.
 */
export async function requireDeadLetterTopics(kafka: Kafka, definition: ConsumerDefinition): Promise<void> {
  const missing = await missingTopics(kafka, deadLetterTopics(definition));
  if (missing.length > 0) throw new MissingDeadLetterTopicError(definition.kafkaGroupId, missing);
}
