import { randomUUID } from 'node:crypto';
import type { Consumer, IHeaders, Kafka } from 'kafkajs';
import { localKafka } from './local-kafka';

/** A record as it is on the wire: bytes and headers untouched, for contract assertions. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

/**
 * Reads a topic from its current end onwards, so a test sees only what it caused, however
 * much earlier runs left on the topic. The topic is created first when missing (Debezium
 * would create it only with its first record).
 */
export class KafkaTopicReader {
  readonly records: RawRecord[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly topic: string,
    private readonly kafka: Kafka = localKafka(),
  ) {}

  async start(partitions = 3): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        topics: [{ topic: this.topic, numPartitions: partitions }],
        waitForLeaders: true,
      });
      const ends = await admin.fetchTopicOffsets(this.topic);
      this.consumer = this.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
      await this.consumer.connect();
      await this.consumer.subscribe({ topic: this.topic });
      await this.consumer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          this.records.push({ topic, partition, ...message, headers: message.headers ?? {} });
        },
      });
      for (const { partition, offset } of ends) this.consumer.seek({ topic: this.topic, partition, offset });
      return this;
    } finally {
      await admin.disconnect();
    }
  }

  /** Waits until `count` records matching `filter` have arrived, and returns them. */
  async waitFor(
    count: number,
    filter: (r: RawRecord) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<RawRecord[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.records.filter(filter);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) {
        throw new Error(`${this.topic}: ${matching.length} of ${count} records after ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
