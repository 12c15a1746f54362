import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { migrateDatabase } from '@my-service/domain';
import { postgresSslOptions, testConfig } from '@platform/config';
import {
  FakeDatadogAgent,
  fixtureEnv,
  formatTraceTree,
  startTracedProcess,
  TRACER_TEST_ENV,
  type ReceivedSpan,
  type TracedProcess,
} from '@platform/monitor/testing';
import { registerOutboxConnector } from '@platform/outbox';
import { ensureInfra, eventually, localKafka } from '@platform/testing';

// dd-trace is a no-op inside Jest workers, so both apps run as they do in production, in
// their own Node processes (`node -r tools/testing/register.js apps/<app>/src/main.ts`), and
// this file plays the Datadog agent on loopback. Between them: the real Postgres, the
// outbox, Debezium and Kafka.

/** my-service-web's dev/test HS256 secret (LOCAL_JWT_SECRET in its public-api.config.ts; an app cannot import another). */
const WEB_JWT_SECRET = 'my-service-web-local-jwt-secret-not-for-production';
const ADD_ON_GROUP = 'my_service.add_on_activity';
const ENABLE = `mutation Enable($input: ChangeAddOnInput!) {
  enableAddOn(input: $input) { providerId code enabled changedBy }
}`;

describe('one trace from a GraphQL mutation through the outbox, Debezium and Kafka to the consumer (real tracer)', () => {
  const config = testConfig('my-service-events-consumers');
  const addOnTopic = `${config.kafka.prefix}.add-ons.add-on-events-v1`;
  let agent: FakeDatadogAgent;
  let db: Client;
  let web: TracedProcess | undefined;
  let consumers: TracedProcess | undefined;
  let webUrl: string;
  let consumersUrl: string;

  const startApp = async (app: string) => {
    const child = startTracedProcess(
      `apps/${app}/src/main.ts`,
      fixtureEnv({
        ...TRACER_TEST_ENV,
        DD_TRACE_ENABLED: 'true',
        DD_ENV: 'test',
        DD_TRACE_AGENT_PORT: String(agent.port),
        APP_ENV: 'test',
        KAFKA_PREFIX: config.kafka.prefix,
        PORT: '0',
        NO_COLOR: '1',
      }),
    );
    const [, url] = await child.waitForLine(/listening on (http:\/\/[\w.:[\]-]+)/, 60_000);
    return { child, url: url.replace(/\/\/(\[::]|\[::1]|0\.0\.0\.0)/, '//127.0.0.1') };
  };

  const readiness = async (url: string) => {
    const res = await fetch(`${url}/health/ready`);
    return { status: res.status, body: (await res.json()) as { checks: ReadinessCheck[] } };
  };

  /** On a timeout: is Debezium behind (other jobs filling the WAL), or did the consumer fail? */
  const whyNoAuditRow = async () => {
    const { rows } = await db.query<{ slot_name: string; behind: string }>(
      'SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) AS behind FROM pg_replication_slots',
    );
    const slots = rows.map((r) => `${r.slot_name} ${r.behind} bytes behind`).join(', ');
    const tail = consumers?.output().split('\n').slice(-15).join('\n');
    return `replication slots: ${slots}\nlast lines of my-service-events-consumers:\n${tail}`;
  };

  beforeAll(async () => {
    await ensureInfra(['postgres', 'redis', 'kafka', 'connect']);
    await migrateDatabase(config);
    await registerOutboxConnector(config, 'my-service');
    agent = await FakeDatadogAgent.start();
    db = new Client({
      ...config.database,
      user: config.database.username,
      ssl: postgresSslOptions(config.database.ssl),
    });
    await db.connect();

    const [w, c] = await Promise.allSettled([
      startApp('my-service-web'),
      startApp('my-service-events-consumers'),
    ]);
    if (w.status === 'fulfilled') ({ child: web, url: webUrl } = w.value);
    if (c.status === 'fulfilled') ({ child: consumers, url: consumersUrl } = c.value);
    if (w.status === 'rejected') throw w.reason;
    if (c.status === 'rejected') throw c.reason;

    const admin = localKafka('trace-e2e-admin').admin();
    await admin.connect();
    const [topic] = (await admin.fetchTopicMetadata({ topics: [addOnTopic] })).topics;
    await admin.disconnect();
    await eventually('my-service-web ready', async () =>
      (await readiness(webUrl)).status === 200 ? true : undefined,
    );
    // Groups join, then warm up for a few seconds. The consumer must hold every partition of
    // the topic: another member of the group (say, an in-process app of a parallel test run)
    // could take our event, and its spans would never reach this agent.
    await eventually(
      `${config.kafka.prefix}.${ADD_ON_GROUP} ready, holding all ${topic.partitions.length} partitions`,
      async () => {
        const { status, body } = await readiness(consumersUrl);
        const check = body.checks.find((c) => c.name === `kafka-consumer:${ADD_ON_GROUP}`);
        return status === 200 && check?.details?.assignment?.[addOnTopic]?.length === topic.partitions.length
          ? true
          : undefined;
      },
      45_000,
      250,
    );
  }, 20 * 60_000);

  afterAll(async () => {
    await Promise.all([web?.stop(), consumers?.stop()]);
    await db?.end();
    await agent?.stop();
  }, 30_000);

  it('shares one trace id from the request to the handler, the handler’s span a child of the span that wrote the event', async () => {
    const providerId = randomUUID();
    const userId = `user-${randomUUID().slice(0, 8)}`;
    const token = await new SignJWT({ provider_id: providerId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(WEB_JWT_SECRET));

    // 1. The mutation succeeds, and the consumer writes the audit row.
    const res = await fetch(`${webUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ENABLE, variables: { input: { providerId, code: 'smart_pricing' } } }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
    expect([res.status, body]).toEqual([
      200,
      { data: { enableAddOn: { providerId, code: 'smart_pricing', enabled: true, changedBy: userId } } },
    ]);
    const outbox = await db.query<{ uuid: string; trace_context: string | null }>(
      'SELECT uuid, trace_context FROM outbox_events WHERE partition_key = $1',
      [providerId],
    );
    expect(outbox.rows).toHaveLength(1);
    const [{ uuid: eventUuid, trace_context: traceContext }] = outbox.rows;
    const audit = await eventually(
      `the audit row of ${providerId}`,
      async () => {
        const { rows } = await db.query<{ event_uuid: string }>(
          'SELECT event_uuid FROM add_on_activity WHERE provider_id = $1',
          [providerId],
        );
        return rows.length > 0 ? rows : undefined;
      },
      45_000,
      250,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}\n${await whyNoAuditRow()}`);
    });
    expect(audit.map((r) => r.event_uuid)).toEqual([eventUuid]);

    // 2. The context the outbox stored: the span that was active when the row was written.
    expect(traceContext).not.toBeNull();
    const carrier = JSON.parse(traceContext as string) as Record<string, string>;
    const traceId = carrier['x-datadog-trace-id'];
    const producingSpanId = carrier['x-datadog-parent-id'];
    expect(traceId).toMatch(/^[1-9]\d*$/);
    expect(producingSpanId).toMatch(/^[1-9]\d*$/);

    // Other groups may consume the topic too (`nx g @tools/starter:consumer` adds them): this group's span.
    const consume = await agent.waitForSpan(
      (s) =>
        s.name === 'kafka.consume' &&
        s.meta['messaging.message.id'] === eventUuid &&
        s.meta['messaging.kafka.consumer_group'] === `${config.kafka.prefix}.${ADD_ON_GROUP}`,
      20_000,
    );
    const producing = await agent.waitForSpan((s) => s.span_id === producingSpanId, 10_000);
    // The consumer's own spans arrived with kafka.consume: dd-trace sends a process's part of
    // a trace when its local root ends. Collected over every span the agent has, whatever their trace.
    const childrenOf = new Map<string, ReceivedSpan[]>();
    for (const s of agent.spans) childrenOf.set(s.parent_id, [...(childrenOf.get(s.parent_id) ?? []), s]);
    const descendantsOf = (root: ReceivedSpan): ReceivedSpan[] =>
      (childrenOf.get(root.span_id) ?? []).flatMap((child) => [child, ...descendantsOf(child)]);
    const handlerSpans = descendantsOf(consume);
    const trace = agent.spans.filter((s) => s.trace_id === traceId);
    const requestSpans = trace.filter((s) => s.service.startsWith('my-service-web'));

    console.info(
      `trace ${traceId} (event ${eventUuid}):\n${formatTraceTree(trace, {
        // Express middleware, pool checkouts and socket set-up say nothing about this flow.
        omit: (s) => ['router.middleware', 'pg.pool.acquire', 'tcp.connect', 'dns.lookup'].includes(s.name),
      })}`,
    );

    // The handler's span continues the request's trace, as a child of the producing span...
    expect(consume).toMatchObject({
      trace_id: traceId,
      parent_id: producingSpanId,
      service: 'my-service-events-consumers',
      resource: 'add-ons.add-on-events-v1 add_on_enabled',
    });
    expect(consume.meta['messaging.kafka.consumer_group']).toBe(`${config.kafka.prefix}.${ADD_ON_GROUP}`);
    // ...which is the web app's span that ran the domain command, in the same trace.
    expect(producing).toMatchObject({ trace_id: traceId, service: 'my-service-web' });
    expect(producing.name).toBe('graphql.resolve');
    expect(producing.resource).toMatch(/^enableAddOn\b/);

    // The web app's request and GraphQL spans, and every query of the transaction, share the trace.
    expect(requestSpans.map((s) => s.name)).toEqual(
      expect.arrayContaining(['express.request', 'graphql.execute', 'graphql.resolve', 'pg.query']),
    );
    const webQueries = requestSpans.filter((s) => s.name === 'pg.query');
    expect(new Set(webQueries.map((s) => s.service))).toEqual(new Set(['my-service-web-postgres']));
    const webSql = webQueries.map((s) => s.resource);
    expect(webSql).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^(START TRANSACTION|BEGIN)/),
        expect.stringMatching(/^INSERT INTO "add_ons"/),
        expect.stringMatching(/^INSERT INTO outbox_events/),
        'COMMIT',
      ]),
    );
    // The outbox row was written inside the producing span.
    const outboxInsert = webQueries.find((s) => s.resource.startsWith('INSERT INTO outbox_events'));
    expect(outboxInsert?.parent_id).toBe(producingSpanId);

    // The handler's own queries (inbox and audit row) are in the trace too, under its span.
    const handlerQueries = handlerSpans.filter((s) => s.name === 'pg.query');
    expect(new Set(handlerQueries.map((s) => s.service))).toEqual(
      new Set(['my-service-events-consumers-postgres']),
    );
    expect(handlerQueries.map((s) => s.resource)).toEqual(
      expect.arrayContaining([expect.stringMatching(/INSERT INTO "?add_on_activity"?/)]),
    );
    expect(handlerSpans.filter((s) => s.trace_id !== traceId)).toEqual([]);

    // One connected tree: a single root (the HTTP request), every other span's parent in the trace.
    const ids = new Set(trace.map((s) => s.span_id));
    const roots = trace.filter((s) => !ids.has(s.parent_id));
    expect(roots.map((s) => [s.service, s.name, s.parent_id])).toEqual([
      ['my-service-web', 'express.request', '0'],
    ]);
  }, 90_000);
});

interface ReadinessCheck {
  name: string;
  status: string;
  details?: { assignment?: Record<string, number[]> };
}
