import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { kafkaProducerConfig } from '@platform/config';
import { debeziumRecordValue } from '@platform/kafkaesque/testing';
import { AddOnEnabledSchema, eventCatalog, wrapEvent } from '@proto/contracts';
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export const AddOnEvents = eventCatalog.addOnsAddOnEventsV1;

/** About 500 bytes of value, as Debezium's EventRouter writes an `add_on_enabled` outbox row. */
export const RECORD_VALUE_BYTES = 500;
const PADDING = 'x'.repeat(512);

export interface BenchRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
  partition: number;
}

/** An outbox-shaped record (key = provider id, JSON value with the base64 envelope, EventRouter headers). */
export function benchRecord(partitions: number, index: number): BenchRecord {
  const providerId = randomUUID();
  const uuid = randomUUID();
  const envelope = (name: string) =>
    toBinary(
      AddOnEvents.envelope,
      wrapEvent(
        AddOnEvents,
        'add_on_enabled',
        create(AddOnEnabledSchema, {
          providerId,
          addOnId: randomUUID(),
          addOnCode: 'online_payments',
          addOnName: name,
          actorId: randomUUID(),
          occurredAt: timestampFromDate(new Date()),
        }),
      ),
    );
  const bare = debeziumRecordValue({
    uuid,
    eventType: 'add_on_enabled',
    payload: envelope('Online payments '),
  });
  // base64 grows 4/3: pad the name so the whole value lands on ~RECORD_VALUE_BYTES.
  const pad = Math.max(0, Math.floor(((RECORD_VALUE_BYTES - bare.length) * 3) / 4));
  const value = debeziumRecordValue({
    uuid,
    eventType: 'add_on_enabled',
    payload: envelope(`Online payments ${PADDING.slice(0, pad)}`),
  });
  return {
    key: providerId,
    value,
    headers: { id: uuid, event_type: 'add_on_enabled', trace_context: '' },
    partition: index % partitions,
  };
}

/**
 * Makes `topic` hold exactly `count` bench records over `partitions` partitions: reused when a
 * previous run left it so (the fill takes a while), else recreated and filled.
 */
export async function ensureFilledTopic(
  kafka: Kafka,
  topic: string,
  count: number,
  partitions: number,
  onProgress: (message: string) => void,
): Promise<{ reused: boolean; seconds: number }> {
  const started = Date.now();
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (existing.includes(topic)) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const held = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      const lowAtZero = offsets.every((p) => p.low === '0');
      if (offsets.length === partitions && held === count && lowAtZero) return { reused: true, seconds: 0 };
      await admin.deleteTopics({ topics: [topic] });
      await waitUntil(async () => !(await admin.listTopics()).includes(topic), 30_000);
    }
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer(kafkaProducerConfig({ allowAutoTopicCreation: false }));
  await producer.connect();
  try {
    const chunk = 2_000;
    for (let sent = 0; sent < count;) {
      const size = Math.min(chunk, count - sent);
      const messages = Array.from({ length: size }, (_, i) => benchRecord(partitions, sent + i));
      await producer.send({ topic, acks: -1, messages });
      sent += size;
      if (sent % 50_000 === 0 || sent === count) onProgress(`filled ${topic}: ${sent}/${count}`);
    }
  } finally {
    await producer.disconnect();
  }
  return { reused: false, seconds: (Date.now() - started) / 1000 };
}

export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  stepMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
