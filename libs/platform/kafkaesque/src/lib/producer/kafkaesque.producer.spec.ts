import diagnostics_channel from 'node:diagnostics_channel';
import type { Kafka, ProducerRecord } from 'kafkajs';
import { KAFKAESQUE_CHANNELS } from '../events/kafkaesque.channels';
import type { KafkaesqueModuleOptions } from '../kafkaesque.options';
import { KafkaesqueProducer, stamped } from './kafkaesque.producer';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** kafkajs' client behind the producer's DI token, recording what would be sent. */
function recordingKafka(failWith?: Error): { kafka: Kafka; sent: ProducerRecord[] } {
  const sent: ProducerRecord[] = [];
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async (record: ProducerRecord) => {
      if (failWith) throw failWith;
      sent.push(record);
      return [];
    },
  };
  return { kafka: { producer: () => producer } as unknown as Kafka, sent };
}

describe('KafkaesqueProducer', () => {
  const options = { prefix: 'dev' } as KafkaesqueModuleOptions;

  it('gives what it sends an id header, a UUIDv7 in time order, unless the message has one', async () => {
    const { kafka, sent } = recordingKafka();
    const producer = new KafkaesqueProducer(kafka, options);
    await producer.send('tool-output', [
      { value: 'a' },
      { value: 'b' },
      { value: 'c', headers: { id: 'given' } },
    ]);
    const [record] = sent;
    expect(record).toMatchObject({ topic: 'dev.tool-output', acks: -1 });
    const ids = record.messages.map((m) => m.headers?.['id']);
    expect(ids[0]).toMatch(UUID_V7);
    expect(ids[1]).toMatch(UUID_V7);
    expect(String(ids[0]) < String(ids[1])).toBe(true);
    expect(ids[2]).toBe('given');
  });

  it('forwards dead letters with their headers exactly as given', async () => {
    const { kafka, sent } = recordingKafka();
    const producer = new KafkaesqueProducer(kafka, options);
    const headers = { trace_context: null, 'dlq.source.topic': 'dev.orders' };
    await producer.forward('dev.orders.dlq', [{ key: 'k', value: 'v', headers }]);
    expect(sent[0].messages[0].headers).toEqual(headers);
  });

  it('adds the active span as trace_context unless the message has one (a null one counts)', () => {
    const context = '{"x-datadog-trace-id":"1","x-datadog-parent-id":"2"}';
    expect(stamped({}, context)).toMatchObject({
      trace_context: context,
      id: expect.stringMatching(UUID_V7),
    });
    expect(stamped({ trace_context: 'theirs' }, context)['trace_context']).toBe('theirs');
    expect(stamped({ trace_context: null }, context)['trace_context']).toBeNull();
    // Outside a span (and in Jest, where dd-trace is a no-op) there is none to add.
    expect(stamped({}, null)).not.toHaveProperty('trace_context');
  });

  it('publishes each write on kafkaesque:produce, dead letters on kafkaesque:dead-letter:produce, failures with the error', async () => {
    const seen: Array<[string, unknown]> = [];
    const names = [KAFKAESQUE_CHANNELS.produce, KAFKAESQUE_CHANNELS.deadLetterProduce];
    const listeners = names.map((name) => (event: unknown) => void seen.push([name, event]));
    names.forEach((name, i) => diagnostics_channel.subscribe(name, listeners[i]));
    try {
      const ok = new KafkaesqueProducer(recordingKafka().kafka, options);
      await ok.send('tool-output', [{ value: 'a' }, { value: 'b' }]);
      await ok.forward('dev.orders.dlq', [{ value: 'c' }]);
      const refused = new Error('NOT_ENOUGH_REPLICAS');
      const failing = new KafkaesqueProducer(recordingKafka(refused).kafka, options);
      await expect(failing.forward('dev.orders.dlq', [{ value: 'd' }])).rejects.toBe(refused);
      expect(seen).toEqual([
        [names[0], { kafkaTopic: 'dev.tool-output', messages: 2, durationMs: expect.any(Number) }],
        [names[1], { kafkaTopic: 'dev.orders.dlq', messages: 1, durationMs: expect.any(Number) }],
        [
          names[1],
          { kafkaTopic: 'dev.orders.dlq', messages: 1, durationMs: expect.any(Number), error: refused },
        ],
      ]);
    } finally {
      names.forEach((name, i) => diagnostics_channel.unsubscribe(name, listeners[i]));
    }
  });
});
