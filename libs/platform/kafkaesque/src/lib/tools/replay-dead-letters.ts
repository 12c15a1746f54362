import { kafkaProducerConfig } from '@platform/config';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import { UnreplayableDeadLetterError } from '../errors/unreplayable-dead-letter.error';
import type { KafkaHeaders } from '../interfaces/raw-record.interface';
import { DLQ_HEADERS } from '../processing/dead-letter-headers';

export interface DeadLetterEntry {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** The original headers, `dlq.*` removed. */
  readonly headers: KafkaHeaders;
  readonly sourceTopic: string;
  readonly sourcePartition: number | undefined;
  readonly errorClass: string | undefined;
  readonly errorMessage: string | undefined;
}

export interface ReplayProgress {
  readonly replayed: number;
  readonly skipped: number;
  /** Dead letters to go through in this run (up to the end offsets seen at its start). */
  readonly total: number;
  readonly last?: DeadLetterEntry;
}

export interface ReplayDeadLettersOptions {
  readonly kafka: Kafka;
  /** The dead-letter topic as named in Kafka (prefix included), e.g. `dev.add-ons.add-on-events-v1.dlq`. */
  readonly deadLetterTopic: string;
  /** Remembers how far replays got, so a rerun continues. Default `<deadLetterTopic>.replay`. */
  readonly groupId?: string;
  /** Replays only the dead letters it accepts; the others are skipped (and not replayed by later runs of the same group). */
  readonly filter?: (entry: DeadLetterEntry) => boolean;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** Gives up (committing what was replayed) after this long. Default 10 minutes. */
  readonly timeoutMs?: number;
}

/**
 * Republishes the dead letters of a topic to the topics they came from, byte for byte: the
 * original key, value and headers (without `dlq.*`), on the original partition. Goes up to
 * the end of the DLQ as it was when the replay started and commits as it goes, so it can be
 * interrupted and rerun. Run it once the bug that sent them there is fixed.
 */
export async function replayDeadLetters(options: ReplayDeadLettersOptions): Promise<ReplayProgress> {
  const { kafka, deadLetterTopic } = options;
  const groupId = options.groupId ?? `${deadLetterTopic}.replay`;
  const remaining = await remainingByPartition(kafka, deadLetterTopic, groupId);
  const total = [...remaining.values()].reduce((sum, r) => sum + Number(r.end - r.from), 0);
  let progress: ReplayProgress = { replayed: 0, skipped: 0, total };
  options.onProgress?.(progress);
  if (total === 0) return progress;

  const producer = kafka.producer(kafkaProducerConfig({ allowAutoTopicCreation: false }));
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, allowAutoTopicCreation: false });
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `replay of ${deadLetterTopic} timed out after ${progress.replayed + progress.skipped}/${total}`,
            ),
          ),
        options.timeoutMs ?? 600_000,
      );
      const finish = (error?: unknown) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const done = () => [...remaining.values()].every((r) => r.from >= r.end);
      void consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({
            batch,
            resolveOffset,
            commitOffsetsIfNecessary,
            uncommittedOffsets,
            heartbeat,
            pause,
          }) => {
            const range = remaining.get(batch.partition);
            try {
              for (const message of batch.messages) {
                // Dead letters that arrived after the start wait for the next run.
                if (!range || BigInt(message.offset) >= range.end) {
                  pause();
                  break;
                }
                const entry = toEntry(deadLetterTopic, batch.partition, message);
                if (options.filter && !options.filter(entry)) {
                  progress = { ...progress, skipped: progress.skipped + 1, last: entry };
                } else {
                  await republish(producer, entry);
                  progress = { ...progress, replayed: progress.replayed + 1, last: entry };
                }
                resolveOffset(message.offset);
                range.from = BigInt(message.offset) + 1n;
                options.onProgress?.(progress);
                await heartbeat();
              }
            } catch (error) {
              finish(error);
              throw error;
            } finally {
              await commitOffsetsIfNecessary(uncommittedOffsets());
            }
            if (done()) finish();
          },
        })
        .catch(finish);
      if (done()) finish();
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return progress;
}

async function republish(producer: Producer, entry: DeadLetterEntry): Promise<void> {
  await producer.send({
    topic: entry.sourceTopic,
    acks: -1,
    messages: [
      {
        key: entry.key,
        value: entry.value,
        headers: entry.headers as Record<string, Buffer | string>,
        partition: entry.sourcePartition,
      },
    ],
  });
}

function toEntry(deadLetterTopic: string, partition: number, message: KafkaMessage): DeadLetterEntry {
  const all = (message.headers ?? {}) as KafkaHeaders;
  const text = (name: string) => {
    const value = all[name];
    return value === undefined || value === null || Array.isArray(value) ? undefined : value.toString();
  };
  const sourceTopic = text(DLQ_HEADERS.sourceTopic);
  if (!sourceTopic) throw new UnreplayableDeadLetterError(deadLetterTopic, partition, message.offset);
  const sourcePartition = text(DLQ_HEADERS.sourcePartition);
  return {
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value,
    headers: Object.fromEntries(Object.entries(all).filter(([name]) => !name.startsWith('dlq.'))),
    sourceTopic,
    sourcePartition: sourcePartition === undefined ? undefined : Number(sourcePartition),
    errorClass: text(DLQ_HEADERS.errorClass),
    errorMessage: text(DLQ_HEADERS.errorMessage),
  };
}

/** Per partition: the first offset still to replay and the end offset at start. */
async function remainingByPartition(
  kafka: Kafka,
  topic: string,
  groupId: string,
): Promise<Map<number, { from: bigint; end: bigint }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const result = new Map<number, { from: bigint; end: bigint }>();
    for (const p of ends) {
      const done = committed?.partitions.find((c) => c.partition === p.partition)?.offset ?? '-1';
      const from = BigInt(done) >= 0n ? BigInt(done) : BigInt(p.low);
      result.set(p.partition, { from: from > BigInt(p.low) ? from : BigInt(p.low), end: BigInt(p.high) });
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}
