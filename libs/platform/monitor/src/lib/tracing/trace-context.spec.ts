import { join } from 'node:path';
import { FakeDatadogAgent, type ReceivedSpan } from '../testing/fake-datadog-agent';
import { fixtureEnv, runFixture, TRACER_TEST_ENV } from '../testing/run-fixture';

// dd-trace replaces itself with a no-op inside Jest workers (its src/index.js checks for the
// `jest` global), so the tracer runs in a plain Node child process and this file plays the
// Datadog agent, asserting on the spans the child actually sent.
const SCENARIO = join(__dirname, '../testing/fixtures/tracing-scenario.fixture.ts');

interface ScenarioResult {
  settings: { enabled: boolean; service: string; env: string; agentPort?: number };
  loadedBeforeInit: string[];
  traceContext: string | null;
  activeBeforeConsume: boolean;
  handled: string;
  malformedErrors: string[];
  failure: string;
  logLines: string[];
}

describe('trace context across the outbox, tracer enabled', () => {
  let agent: FakeDatadogAgent;
  let result: ScenarioResult;
  const span = (name: string): Promise<ReceivedSpan> => agent.waitForSpan((s) => s.name === name);

  beforeAll(async () => {
    agent = await FakeDatadogAgent.start();
    result = await runFixture<ScenarioResult>(
      SCENARIO,
      fixtureEnv({
        ...TRACER_TEST_ENV,
        DD_TRACE_ENABLED: 'true',
        DD_ENV: 'test',
        DD_TRACE_AGENT_PORT: String(agent.port),
      }),
    );
  }, 30_000);

  afterAll(() => agent.stop());

  it('starts the tracer from the environment, before any instrumented library is loaded', () => {
    expect(result.settings).toMatchObject({
      enabled: true,
      service: 'fixture-app',
      env: 'test',
      agentPort: agent.port,
    });
    expect(result.loadedBeforeInit).toEqual([]);
  });

  it('serialises the active span with Datadog propagation', () => {
    const carrier = JSON.parse(result.traceContext as string);
    expect(Object.keys(carrier)).toEqual(
      expect.arrayContaining([
        'x-datadog-trace-id',
        'x-datadog-parent-id',
        'x-datadog-sampling-priority',
        'traceparent',
      ]),
    );
  });

  it('makes the consumer span a child of the span that wrote the event', async () => {
    expect(result.activeBeforeConsume).toBe(false);
    expect(result.handled).toBe('handled');
    const producer = await span('outbox.write');
    const consumer = await span('kafka.handle');
    expect(consumer.trace_id).toBe(producer.trace_id);
    expect(consumer.parent_id).toBe(producer.span_id);
    expect(consumer.span_id).not.toBe(producer.span_id);
    expect(consumer).toMatchObject({ service: 'fixture-app', error: 0 });
    expect(consumer.meta['messaging.destination']).toBe('dev.add-ons.add-on-events-v1');
    // What the outbox row carried is exactly the producer span.
    expect(JSON.parse(result.traceContext as string)['x-datadog-parent-id']).toBe(producer.span_id);
  });

  it('keeps the consumer span active for everything the handler awaits', async () => {
    const consumer = await span('kafka.handle');
    const inner = await span('repository.save');
    expect(inner.parent_id).toBe(consumer.span_id);
    expect(inner.trace_id).toBe(consumer.trace_id);
  });

  it.each([0, 1, 2, 3, 4, 5])(
    'starts a new root span, without throwing, for malformed context #%i',
    async (index) => {
      expect(result.malformedErrors).toEqual([]);
      const root = await span(`kafka.handle.root.${index}`);
      expect(root.parent_id).toBe('0');
      expect(root.trace_id).not.toBe('0');
    },
  );

  it('continues a context that a header converter JSON-encoded once more', async () => {
    const producer = await span('outbox.write.encoded');
    expect((await span('kafka.handle.encoded')).parent_id).toBe(producer.span_id);
  });

  it('marks the span as failed and rethrows when the handler throws', async () => {
    expect(result.failure).toBe('proto decode failed');
    const failed = await span('kafka.handle.failing');
    expect(failed.error).toBe(1);
    expect(failed.meta['error.message']).toBe('proto decode failed');
  });

  it('writes the active span ids and the log fields into JsonLogger lines', async () => {
    const consumer = await span('kafka.handle');
    const [inside, outside] = result.logLines.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({
      level: 'info',
      message: 'handled',
      context: 'AddOnEventsConsumer',
      topic: 'dev.add-ons.add-on-events-v1',
      partition: 0,
      offset: '42',
    });
    expect(inside.dd).toMatchObject({ span_id: consumer.span_id, service: 'fixture-app', env: 'test' });
    // 128-bit trace ids are logged as 32 hex digits; the agent payload carries the low 64 bits.
    expect((BigInt(`0x${inside.dd.trace_id}`) & 0xffffffffffffffffn).toString()).toBe(consumer.trace_id);
    expect(outside.dd).toBeUndefined();
  });

  it('instruments libraries loaded after initTracing (node:http)', async () => {
    const server = await agent.waitForSpan((s) => s.name === 'web.request' && s.service === 'fixture-app');
    expect(server.meta['http.url']).toContain('/probe');
  });
});

describe('trace context, tracer disabled (the default in dev and test)', () => {
  let agent: FakeDatadogAgent;
  let result: ScenarioResult;

  beforeAll(async () => {
    agent = await FakeDatadogAgent.start();
    result = await runFixture<ScenarioResult>(
      SCENARIO,
      fixtureEnv({ ...TRACER_TEST_ENV, NODE_ENV: 'test', DD_TRACE_AGENT_PORT: String(agent.port) }),
    );
  }, 30_000);

  afterAll(() => agent.stop());

  it('has no context to store, still runs handlers, and sends nothing', async () => {
    expect(result.settings.enabled).toBe(false);
    expect(result.traceContext).toBeNull();
    expect(result.handled).toBe('handled');
    expect(result.malformedErrors).toEqual([]);
    expect(result.failure).toBe('proto decode failed');
    expect(result.logLines.map((line) => JSON.parse(line).dd)).toEqual([undefined, undefined]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agent.spans).toEqual([]);
  });
});
