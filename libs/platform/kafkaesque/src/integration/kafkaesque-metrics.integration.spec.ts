import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { kafkaProducerConfig } from '@platform/config';
import { JsonDecoder } from '../lib/decoders/json.decoder';
import { KafkaConsumer } from '../lib/decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../lib/decorators/on-kafka-message.decorator';
import { KafkaesqueHealth } from '../lib/health/kafkaesque-health';
import { type MessageContext } from '../lib/interfaces/message-context.interface';
import { KafkaesqueModule } from '../lib/kafkaesque.module';
import { ensureInfra, infraSettings, deleteKafkaRun, localKafka } from '@platform/testing';
import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { MonitorModule } from '@platform/monitor';
import { KafkaTracingPlugin } from '../lib/monitoring/kafka-tracing.plugin';

jest.setTimeout(120_000);

const TOPIC = 'metrics-events';
const BLOCKING_TOPIC = 'metrics-blocking';
const GROUP = 'metrics-group';
const BLOCKING_GROUP = 'metrics-blocking-group';

interface Payload {
  kind: 'ok' | 'flaky' | 'broken';
}

const attempts = new Map<string, number>();

/** ok: handled at once; flaky: fails once, then handled; broken: fails every time. */
async function behave(message: Payload, context: MessageContext): Promise<void> {
  attempts.set(`${context.topic}:${message.kind}`, context.attempt);
  if (message.kind === 'broken' || (message.kind === 'flaky' && context.attempt === 1)) {
    throw new Error(`${message.kind} attempt ${context.attempt}`);
  }
}

const decoder = () => new JsonDecoder<Payload>({ eventTypeOf: (value) => value.kind });

@KafkaConsumer({
  groupId: GROUP,
  topics: { [TOPIC]: { decoder: decoder(), deadLetter: {} } },
  retries: 1,
  initialBackoffMs: 10,
})
@Injectable()
class MetricsConsumer {
  @OnKafkaMessage(TOPIC)
  handle(message: Payload, context: MessageContext): Promise<void> {
    return behave(message, context);
  }
}

/** No dead-letter topic: a message that keeps failing blocks the partition (`kafka.messages.failed`). */
@KafkaConsumer({
  groupId: BLOCKING_GROUP,
  topics: { [BLOCKING_TOPIC]: { decoder: decoder(), deadLetter: null } },
  initialBackoffMs: 10,
})
@Injectable()
class BlockingConsumer {
  @OnKafkaMessage(BLOCKING_TOPIC)
  handle(message: Payload, context: MessageContext): Promise<void> {
    return behave(message, context);
  }
}

/** The agent's DogStatsD listener: every line of every UDP packet. */
async function listen(): Promise<{ socket: Socket; port: number; lines: string[] }> {
  const socket = createSocket('udp4');
  const lines: string[] = [];
  socket.on('message', (packet) => lines.push(...packet.toString().split('\n').filter(Boolean)));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { socket, port: (socket.address() as AddressInfo).port, lines };
}

interface Line {
  name: string;
  value: number;
  type: string;
  tags: Record<string, string>;
}

function parse(line: string): Line {
  const [head, type, tagPart] = line.split('|');
  const separator = head.lastIndexOf(':');
  const tags = Object.fromEntries(
    (tagPart?.startsWith('#') ? tagPart.slice(1).split(',') : []).map((tag) => {
      const at = tag.indexOf(':');
      return [tag.slice(0, at), tag.slice(at + 1)];
    }),
  );
  return { name: head.slice(0, separator), value: Number(head.slice(separator + 1)), type, tags };
}

async function until(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kafkaesque metrics over DogStatsD (real broker, UDP)', () => {
  const settings = infraSettings();
  const brokers = [`${settings['INFRA_HOST']}:${settings['KAFKA_PORT']}`];
  const prefix = `test-obs-${randomUUID().slice(0, 8)}`;
  const kafka = localKafka('monitor-metrics-it', { brokers });
  let statsd: Awaited<ReturnType<typeof listen>>;
  let moduleRef: TestingModule | undefined;
  let lines: Line[] = [];

  const metric = (name: string, filter: Partial<Record<string, string>> = {}) =>
    lines.filter(
      (l) => l.name === name && Object.entries(filter).every(([key, value]) => l.tags[key] === value),
    );

  beforeAll(async () => {
    await ensureInfra(['kafka']);
    statsd = await listen();
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [TOPIC, `${TOPIC}.dlq`, BLOCKING_TOPIC].map((topic) => ({
        topic: `${prefix}.${topic}`,
        numPartitions: 1,
      })),
    });
    await admin.disconnect();

    // One send per record: separate record batches, so the consumer can fetch them one by
    // one (maxBytesPerPartition: 1) and report a falling lag.
    const producer = kafka.producer(kafkaProducerConfig());
    await producer.connect();
    for (const kind of ['ok', 'flaky', 'broken'] as const) {
      await producer.send({
        topic: `${prefix}.${TOPIC}`,
        acks: -1,
        messages: [{ value: JSON.stringify({ kind }) }],
      });
    }
    await producer.send({
      topic: `${prefix}.${BLOCKING_TOPIC}`,
      acks: -1,
      messages: [{ value: JSON.stringify({ kind: 'broken' }) }],
    });
    await producer.disconnect();

    moduleRef = await Test.createTestingModule({
      imports: [
        MonitorModule.forRoot({
          service: 'monitor-metrics-it',
          metrics: { host: '127.0.0.1', port: statsd.port },
        }),
        KafkaesqueModule.forRoot({
          connection: { brokers },
          prefix,
          clientId: 'monitor-metrics-it',
          logLevel: 'nothing',
          readinessChecks: false,
          metrics: true,
          plugins: [new KafkaTracingPlugin()],
          consumerDefaults: {
            sessionTimeoutMs: 6_000,
            heartbeatIntervalMs: 500,
            maxWaitTimeMs: 100,
            maxBytesPerPartition: 1,
          },
        }),
      ],
      providers: [MetricsConsumer, BlockingConsumer],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();
    await moduleRef.init();
    const health = moduleRef.get(KafkaesqueHealth);
    await until('the blocking partition', () => health.get(BLOCKING_GROUP).blocked.length === 1);
    await until('three settled messages', () => {
      lines = statsd.lines.map(parse);
      return (
        metric('kafka.messages.consumed').length >= 2 && metric('kafka.messages.dead_lettered').length >= 1
      );
    });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last lag gauges
    lines = statsd.lines.map(parse);
  }, 10 * 60_000);

  afterAll(async () => {
    await moduleRef?.close();
    statsd?.socket.close();
    await deleteKafkaRun(kafka, prefix);
  }, 60_000);

  const group = () => `${prefix}.${GROUP}`;
  const topic = () => `${prefix}.${TOPIC}`;

  it('counts consumed messages, tagged by consumer group, topic and event type, with the service tags', () => {
    const consumed = metric('kafka.messages.consumed', { consumer_group: group(), topic: topic() });
    expect(consumed.map((l) => [l.tags['event_type'], l.type, l.value])).toEqual([
      ['ok', 'c', 1],
      ['flaky', 'c', 1],
    ]);
    expect(consumed[0].tags).toMatchObject({ service: 'monitor-metrics-it' });
    expect(attempts.get(`${TOPIC}:flaky`)).toBe(2);
  });

  it('counts retries: one for the flaky message, one for the broken one before it was dead-lettered', () => {
    const retried = metric('kafka.messages.retried', { consumer_group: group(), topic: topic() });
    expect(retried.map((l) => [l.tags['event_type'], l.type, l.value])).toEqual([
      ['flaky', 'c', 1],
      ['broken', 'c', 1],
    ]);
  });

  it('counts the dead letter', () => {
    const deadLettered = metric('kafka.messages.dead_lettered', { consumer_group: group(), topic: topic() });
    expect(deadLettered.map((l) => [l.tags['event_type'], l.type, l.value])).toEqual([['broken', 'c', 1]]);
  });

  it('counts a failure without a dead-letter topic (the partition blocks)', () => {
    const failed = metric('kafka.messages.failed');
    expect(failed.map((l) => [l.tags['consumer_group'], l.tags['topic'], l.type, l.value])).toEqual([
      [`${prefix}.${BLOCKING_GROUP}`, `${prefix}.${BLOCKING_TOPIC}`, 'c', 1],
    ]);
  });

  it('records the handler duration in ms as a histogram, tagged with the outcome', () => {
    const durations = metric('kafka.handler.duration', { consumer_group: group(), topic: topic() });
    expect(durations.map((l) => [l.tags['event_type'], l.tags['outcome'], l.type])).toEqual([
      ['ok', 'handled', 'h'],
      ['flaky', 'handled', 'h'],
      ['broken', 'dead_lettered', 'h'],
    ]);
    // The flaky message waited a 10 ms backoff between its attempts. Node's timers are in whole
    // ms and may fire a fraction early against the high-resolution clock the duration uses
    // (9.8 ms seen in CI), hence 9.
    expect(durations[1].value).toBeGreaterThanOrEqual(9);
    expect(durations.every((l) => l.value >= 0 && l.value < 30_000)).toBe(true);
  });

  it('reports the consumer lag per group, topic and partition as a gauge, down to 0', () => {
    const lag = metric('kafka.consumer.lag', { consumer_group: group(), topic: topic(), partition: '0' });
    expect(lag.length).toBeGreaterThan(0);
    expect(lag.every((l) => l.type === 'g')).toBe(true);
    // Fetched one record batch at a time: 2 records behind, then 1, then caught up.
    expect(lag.map((l) => l.value)).toEqual([2, 1, 0]);
  });
});
