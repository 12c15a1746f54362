import { ensureInfra, infraSettings, deleteKafkaRun, localKafka } from '@platform/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { FakeDatadogAgent, type ReceivedSpan } from '@platform/monitor/testing';
import type { HandledMessage } from './kafka-tracing.fixture';
import { fixtureEnv, runFixture, TRACER_TEST_ENV } from '@platform/monitor/testing';

// dd-trace is a no-op inside Jest workers: the consumer runs in a plain Node child process
// (the fixture) on the real broker, and this file plays the Datadog agent.
const FIXTURE = join(__dirname, 'kafka-tracing.fixture.ts');

interface FixtureResult {
  settings: { enabled: boolean };
  loadedBeforeInit: string[];
  traceContext: string | null;
  tracedUuid: string;
  handled: HandledMessage[];
  nullHeader: string;
  directContext: string | null;
  directHeaders: Record<string, string>;
}

jest.setTimeout(120_000);

describe('KafkaTracingPlugin: one trace across Kafka (real tracer, real broker)', () => {
  const settings = infraSettings();
  const brokers = [`${settings['INFRA_HOST']}:${settings['KAFKA_PORT']}`];
  const prefix = `test-obs-${randomUUID().slice(0, 8)}`;
  let agent: FakeDatadogAgent;
  let result: FixtureResult;

  const consumeSpan = (kind: string, attempt = 1): ReceivedSpan => {
    const found = agent.spans.find(
      (s) =>
        s.name === 'kafka.consume' &&
        s.meta['component'] === 'kafkaesque' &&
        s.meta['kafka.event_type'] === kind &&
        s.metrics['kafka.attempt'] === attempt,
    );
    if (!found) throw new Error(`no kafka.consume span for ${kind} #${attempt}`);
    return found;
  };
  const handledOf = (kind: string, attempt = 1): HandledMessage => {
    const found = result.handled.find((h) => h.kind === kind && h.attempt === attempt);
    if (!found) throw new Error(`${kind} #${attempt} was not handled: ${JSON.stringify(result.handled)}`);
    return found;
  };

  beforeAll(async () => {
    await ensureInfra(['kafka']);
    agent = await FakeDatadogAgent.start();
    result = await runFixture<FixtureResult>(
      FIXTURE,
      fixtureEnv({
        ...TRACER_TEST_ENV,
        DD_TRACE_ENABLED: 'true',
        DD_ENV: 'test',
        DD_TRACE_AGENT_PORT: String(agent.port),
        KAFKA_BROKERS: brokers.join(','),
        FIXTURE_PREFIX: prefix,
      }),
      90_000,
    );
    // Everything the tracer had was flushed before the child exited; give the intake a moment.
    await agent.waitForSpan((s) => s.name === 'kafka.consume' && s.meta['kafka.event_type'] === 'empty');
  }, 10 * 60_000);

  afterAll(async () => {
    await agent?.stop();
    await deleteKafkaRun(localKafka('monitor-it-cleanup', { brokers }), prefix);
  }, 60_000);

  it('starts the tracer before kafkajs, Nest and kafkaesque are loaded', () => {
    expect(result.settings.enabled).toBe(true);
    expect(result.loadedBeforeInit).toEqual([]);
  });

  it('makes the handler’s span a child of the span that wrote the event', async () => {
    const producer = await agent.waitForSpan((s) => s.name === 'outbox.write');
    const consume = consumeSpan('traced');
    expect(consume.trace_id).toBe(producer.trace_id);
    expect(consume.parent_id).toBe(producer.span_id);
    expect(JSON.parse(result.traceContext as string)['x-datadog-parent-id']).toBe(producer.span_id);
    expect(consume).toMatchObject({
      service: 'fixture-app',
      resource: 'traced-events traced',
      error: 0,
    });
    expect(consume.meta).toMatchObject({
      'span.kind': 'consumer',
      'messaging.system': 'kafka',
      'messaging.destination.name': `${prefix}.traced-events`,
      'messaging.kafka.consumer_group': `${prefix}.tracing-fixture`,
      'messaging.kafka.message.offset': '0',
      'messaging.message.id': result.tracedUuid,
    });
    expect(consume.metrics['messaging.kafka.partition']).toBe(0);
  });

  it('keeps the span active in the handler, for its own spans and its log lines', async () => {
    const consume = consumeSpan('traced');
    const handled = handledOf('traced');
    expect(handled.activeSpanId).toBe(consume.span_id);
    const save = agent.spans.find((s) => s.name === 'repository.save' && s.parent_id === consume.span_id);
    expect(save?.trace_id).toBe(consume.trace_id);

    const line = JSON.parse(handled.logLine);
    expect(line).toMatchObject({
      message: 'handling traced',
      context: 'TracedConsumer',
      consumer_group: `${prefix}.tracing-fixture`,
      topic: `${prefix}.traced-events`,
      partition: 0,
      offset: '0',
      event_uuid: result.tracedUuid,
      event_type: 'traced',
      attempt: 1,
    });
    expect(line.dd).toMatchObject({ span_id: consume.span_id, service: 'fixture-app', env: 'test' });
    expect((BigInt(`0x${line.dd.trace_id}`) & 0xffffffffffffffffn).toString()).toBe(consume.trace_id);
  });

  it('gives each attempt its own span in the same trace, failed ones marked as errors', async () => {
    const producer = await agent.waitForSpan((s) => s.name === 'outbox.write');
    const attempts = [consumeSpan('failing', 1), consumeSpan('failing', 2)];
    for (const span of attempts) {
      expect(span.parent_id).toBe(producer.span_id);
      expect(span.error).toBe(1);
      expect(span.meta['error.message']).toBe('handler broke');
      expect(span.meta['messaging.message.id']).toBe('failing-uuid'); // from the `id` header
    }
    expect(attempts[0].span_id).not.toBe(attempts[1].span_id);
  });

  it.each(['absent', 'garbage', 'empty'])(
    'starts a new root span for a record whose trace_context is %s, and handles it',
    (kind) => {
      const span = consumeSpan(kind);
      expect(span.parent_id).toBe('0');
      expect(span.trace_id).not.toBe('0');
      expect(span.error).toBe(0);
      expect(handledOf(kind).activeSpanId).toBe(span.span_id);
    },
  );

  it('starts a new root span for a null trace_context header (as Debezium writes a NULL column)', async () => {
    expect(result.nullHeader).toBe('handled');
    const span = await agent.waitForSpan(
      (s) => s.name === 'kafka.consume' && s.meta['kafka.event_type'] === 'null-header',
    );
    expect(span.parent_id).toBe('0');
    expect(span.meta['messaging.message.id']).toBe('null-uuid');
  });

  it('leaves no consumer spans of dd-trace’s own kafkajs instrumentation (initTracing turns it off)', () => {
    const kafkajsConsumerSpans = agent.spans.filter(
      (s) => s.meta['component'] === 'kafkajs' && s.meta['span.kind'] === 'consumer',
    );
    expect(kafkajsConsumerSpans).toEqual([]);
    // The producer side stays instrumented.
    expect(agent.spans.some((s) => s.meta['component'] === 'kafkajs' && s.name === 'kafka.produce')).toBe(
      true,
    );
  });

  it("stamps a direct produce inside a span with the span's trace_context and a UUIDv7 id", () => {
    expect(result.directContext).toMatch(/x-datadog-trace-id/);
    // (dd-trace's kafkajs producer instrumentation adds its own x-datadog-* headers besides.)
    expect(result.directHeaders).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      trace_context: result.directContext,
    });
  });
});
