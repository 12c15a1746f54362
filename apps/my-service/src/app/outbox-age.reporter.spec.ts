import { dataSourceOptions, migrateDatabase } from '@my-service/domain';
import { testConfig } from '@platform/config';
import type { Metrics } from '@platform/monitor';
import { ensureInfra } from '@platform/testing';
import { DataSource } from 'typeorm';
import {
  oldestOutboxEventAgeSeconds,
  OUTBOX_OLDEST_EVENT_AGE,
  OutboxAgeReporter,
} from './outbox-age.reporter';

function fakeMetrics(): Metrics & { gauges: Array<[string, number]> } {
  const gauges: Array<[string, number]> = [];
  return {
    gauges,
    increment: () => undefined,
    histogram: () => undefined,
    gauge: (name, value) => void gauges.push([name, value]),
  };
}

describe('outbox.oldest_event_age_seconds (real Postgres)', () => {
  const config = testConfig('my-service');
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    await migrateDatabase(config);
    dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  }, 10 * 60_000);

  afterAll(() => dataSource?.destroy());

  /** Runs `fn` in a transaction that is rolled back: Debezium never sees these rows, other tests never miss theirs. */
  async function inRolledBackTransaction<T>(
    fn: (db: { query: DataSource['query'] }) => Promise<T>,
  ): Promise<T> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      return await fn({ query: (sql: string, params?: unknown[]) => runner.query(sql, params) });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const insertAt = (db: { query: DataSource['query'] }, timestamp: string) =>
    db.query(
      `INSERT INTO outbox_events (partition_key, event_type, topic_name, proto_payload, timestamp)
       VALUES ('k', 'add_on_enabled', 'outbox-age-spec', '\\x00', $1::timestamp)`,
      [timestamp],
    );

  it('is the age in seconds of the oldest row, its UTC timestamp read as UTC', async () => {
    const age = await inRolledBackTransaction(async (db) => {
      // A session in another zone must not shift the result: the column holds UTC.
      await db.query("SET LOCAL TIME ZONE 'Pacific/Auckland'");
      await insertAt(db, '2000-01-01 00:00:00');
      await insertAt(db, '2010-01-01 00:00:00');
      return oldestOutboxEventAgeSeconds(db);
    });
    const expected = (Date.now() - Date.UTC(2000, 0, 1)) / 1000;
    expect(Math.abs(age - expected)).toBeLessThan(60);
  });

  it('is a fraction of a minute for a row written just now', async () => {
    const age = await inRolledBackTransaction(async (db) => {
      await db.query('DELETE FROM outbox_events');
      await insertAt(db, new Date(Date.now() - 5_000).toISOString().slice(0, -1));
      return oldestOutboxEventAgeSeconds(db);
    });
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(60);
  });

  it('is 0 when the table is empty', async () => {
    const age = await inRolledBackTransaction(async (db) => {
      await db.query('DELETE FROM outbox_events');
      return oldestOutboxEventAgeSeconds(db);
    });
    expect(age).toBe(0);
  });

  it('is sent as a gauge at bootstrap and then on every interval, until shutdown', async () => {
    const metrics = fakeMetrics();
    const reporter = new OutboxAgeReporter(dataSource, metrics, 50);
    reporter.onApplicationBootstrap();
    const deadline = Date.now() + 5_000;
    while (metrics.gauges.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await reporter.onApplicationShutdown();
    const sent = metrics.gauges.length;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(metrics.gauges.every(([name, value]) => name === OUTBOX_OLDEST_EVENT_AGE && value >= 0)).toBe(
      true,
    );
    await new Promise((r) => setTimeout(r, 150));
    expect(metrics.gauges).toHaveLength(sent);
  });

  it('logs and skips a failed query instead of crashing', async () => {
    const metrics = fakeMetrics();
    const broken = { query: () => Promise.reject(new Error('connection lost')) } as unknown as DataSource;
    const reporter = new OutboxAgeReporter(broken, metrics, 10_000);
    const warn = jest.spyOn((reporter as unknown as { logger: { warn: () => void } }).logger, 'warn');
    warn.mockImplementation(() => undefined);
    reporter.onApplicationBootstrap();
    await reporter.onApplicationShutdown();
    expect(metrics.gauges).toEqual([]);
    expect(warn).toHaveBeenCalledWith('outbox age not reported: connection lost');
  });
});
