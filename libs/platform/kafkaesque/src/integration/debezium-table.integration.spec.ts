import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { LOCAL_CONNECT_DATABASE_PASSWORD } from '@platform/config';
import {
  deleteKafkaRun,
  ensureInfra,
  eventually,
  infraSettings,
  scratchDatabase,
  type ScratchDatabase,
} from '@platform/testing';
import { DebeziumTableDecoder, type DebeziumTableChange } from '../lib/decoders/debezium-table.decoder';
import { KafkaConsumer } from '../lib/decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../lib/decorators/on-kafka-message.decorator';
import { KafkaesqueHealth } from '../lib/health/kafkaesque-health';
import { KafkaesqueModule } from '../lib/kafkaesque.module';
import { FAST_TUNING, brokers, testKafka, uniquePrefix } from './kafka-test-kit';

jest.setTimeout(180_000);

interface Booking {
  id: number;
  name: string;
  deleted_at: string | null;
}

const prefix = uniquePrefix();
const TOPIC = 'cdc.public.bookings'; // <topic.prefix>.<schema>.<table>, topic.prefix `<prefix>.cdc`
const changes: Array<DebeziumTableChange<Booking>> = [];

@KafkaConsumer({
  groupId: 'bookings-cdc',
  topics: { [TOPIC]: { decoder: new DebeziumTableDecoder<Booking>(), deadLetter: null } },
  startFrom: 'earliest',
})
@Injectable()
class BookingsChanges {
  @OnKafkaMessage(TOPIC)
  async handle(change: DebeziumTableChange<Booking>): Promise<void> {
    changes.push(change);
  }
}

// A plain Debezium Postgres connector (no EventRouter) capturing a real table on the local
// Connect worker, its change events consumed through DebeziumTableDecoder: a snapshot read, an
// insert, an update, a soft delete, a delete and its tombstone, in that order, for what they are.
describe('DebeziumTableDecoder on a real Debezium table connector (Postgres, Kafka Connect, Kafka)', () => {
  const s = infraSettings();
  const connectUrl = `http://${s.INFRA_HOST}:${s.CONNECT_PORT}`;
  const connector = `${prefix}.bookings-cdc`;
  let db: ScratchDatabase;
  let app: TestingModule;

  const connect = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${connectUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok && response.status !== 404)
      throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  beforeAll(async () => {
    await ensureInfra(['postgres', 'kafka', 'connect']);
    db = await scratchDatabase(`kafkaesque_cdc_${prefix.replace(/-/g, '_')}`);
    await db.query(
      'CREATE TABLE bookings (id bigserial PRIMARY KEY, name text NOT NULL, deleted_at timestamptz)',
    );
    // FULL: deletes and updates carry the whole row before the change.
    await db.query('ALTER TABLE bookings REPLICA IDENTITY FULL');
    await db.query("INSERT INTO bookings (name) VALUES ('before the connector')");
    const slot = `kafkaesque_cdc_${prefix.replace(/-/g, '_')}`;
    await connect('PUT', `/connectors/${connector}/config`, {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'plugin.name': 'pgoutput',
      'database.hostname': s.INFRA_HOST,
      'database.port': s.POSTGRES_PORT,
      'database.user': s.POSTGRES_USER,
      'database.password': LOCAL_CONNECT_DATABASE_PASSWORD,
      'database.dbname': db.name,
      'topic.prefix': `${prefix}.cdc`,
      'table.include.list': 'public.bookings',
      'slot.name': slot,
      'publication.name': `${slot}_publication`,
      'publication.autocreate.mode': 'filtered',
      'snapshot.mode': 'initial',
      // The worker's converters (JsonConverter, schemas on): the decoder unwraps `payload`.
    });
    await eventually(
      'the connector and its task running',
      async () => {
        const status = await connect('GET', `/connectors/${connector}/status`);
        return status?.connector?.state === 'RUNNING' && status.tasks?.[0]?.state === 'RUNNING'
          ? true
          : undefined;
      },
      90_000,
      500,
    );
    app = await Test.createTestingModule({
      imports: [
        KafkaesqueModule.forRoot({
          connection: { brokers: brokers() },
          prefix,
          clientId: 'cdc-it',
          consumerDefaults: FAST_TUNING,
          readinessChecks: false,
          logLevel: 'nothing',
          createMissingTopics: { numPartitions: 1 },
        }),
      ],
      providers: [BookingsChanges],
    })
      .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
      .compile();
    await app.init();
    await app.get(KafkaesqueHealth).whenJoined('bookings-cdc', 60_000);
  }, 10 * 60_000);

  afterAll(async () => {
    await app?.close();
    await connect('DELETE', `/connectors/${connector}`).catch(() => undefined);
    await db?.drop();
    await deleteKafkaRun(testKafka(), prefix);
  }, 120_000);

  it('reads the snapshot, then each insert, update, soft delete, delete and tombstone as what it is', async () => {
    const snapshot = await eventually(
      'the snapshot read',
      async () => (changes.length >= 1 ? changes[0] : undefined),
      60_000,
    );
    expect(snapshot).toMatchObject({
      operation: 'read',
      database: db.name,
      schema: 'public',
      table: 'bookings',
      primaryKey: 1,
      data: { id: 1, name: 'before the connector', deleted_at: null },
    });

    await db.query("INSERT INTO bookings (name) VALUES ('second')");
    await db.query("UPDATE bookings SET name = 'renamed' WHERE id = 2");
    await db.query('UPDATE bookings SET deleted_at = now() WHERE id = 2');
    await db.query('DELETE FROM bookings WHERE id = 2');

    await eventually('six changes', async () => (changes.length >= 6 ? true : undefined), 60_000, 200);
    expect(changes.map((c) => [c.operation, c.primaryKey])).toEqual([
      ['read', 1],
      ['insert', 2],
      ['update', 2],
      ['soft_delete', 2],
      ['delete', 2],
      ['tombstone', 2],
    ]);
    const [, insert, update, softDelete, deleted, tombstone] = changes;
    expect(insert.data).toEqual({ id: 2, name: 'second', deleted_at: null });
    expect(update).toMatchObject({ data: { name: 'renamed' }, before: { name: 'second' } });
    expect(softDelete.data?.deleted_at).toEqual(expect.any(String));
    expect(deleted).toMatchObject({ data: null, before: { id: 2, name: 'renamed' } });
    expect(tombstone).toMatchObject({ data: null, before: null, table: undefined, timestamp: undefined });
    expect(insert.timestamp).toBeInstanceOf(Date);
  });
});
