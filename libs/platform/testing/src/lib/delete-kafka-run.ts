import type { Kafka } from 'kafkajs';

/**
 * Deletes the topics and consumer groups of one test run (names starting with `<prefix>.`),
 * so that runs with a random prefix leave the shared local broker as they found it.
 */
export async function deleteKafkaRun(kafka: Kafka, prefix: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const mine = (name: string) => name.startsWith(`${prefix}.`);
    const topics = (await admin.listTopics()).filter(mine);
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(mine);
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
