import { kafkaProducerConfig } from '@platform/config';
import { infraSettings, localKafka } from '@platform/testing';
import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type { ConsumerTuning } from '../lib/interfaces/consumer-options.interface';

/** Test-only helpers around the local broker: topics, producing, reading back, committed offsets. */
export function brokers(): string[] {
  const settings = infraSettings();
  return [`${settings.INFRA_HOST}:${settings.KAFKA_PORT}`];
}

/** A prefix of its own per test run, so runs never see each other's topics or groups. */
export function uniquePrefix(): string {
  return `test-${randomUUID().slice(0, 8)}`;
}

/** Small timeouts: a dead member leaves the group in 6 s (the broker's minimum session timeout). */
export const FAST_TUNING: ConsumerTuning = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  rebalanceTimeoutMs: 10_000,
  maxWaitTimeMs: 100,
};

export function testKafka(): Kafka {
  return localKafka('kafkaesque-it', { brokers: brokers() });
}

export async function createTopics(
  kafka: Kafka,
  topics: readonly string[],
  numPartitions = 1,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}

export interface TestMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer | null>;
  partition?: number;
}

export async function produce(kafka: Kafka, topic: string, messages: readonly TestMessage[]): Promise<void> {
  const producer = kafka.producer(kafkaProducerConfig());
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key ?? null,
        value: m.value,
        headers: m.headers as IHeaders,
        partition: m.partition,
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** The group's committed offset of a partition ('-1' when none). */
export async function committedOffset(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partition = 0,
): Promise<string> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return entry.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
  } finally {
    await admin.disconnect();
  }
}

/** Reads `count` records of a topic from the beginning with a throwaway group. */
export async function readRecords(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const records: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${records.length}/${count} records of ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          records.push(message);
          if (records.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
