import { nameForms } from '../../lib/names';

/** What the event's files are generated from. */
export interface EventSpec {
  /** snake_case event type, e.g. booking_confirmed. */
  readonly name: string;
  /** snake_case proto namespace of the service, e.g. bookings. */
  readonly protoNamespace: string;
  readonly topic: string;
  readonly catalogKey: string;
  /** snake_case partition key field. */
  readonly partitionKey: string;
}

export const eventProtoDir = (e: EventSpec) => `fresha/${e.protoNamespace}/protobuf/events/${e.name}/v1`;
export const eventPackage = (e: EventSpec) => `fresha.${e.protoNamespace}.protobuf.events.${e.name}.v1`;

export function eventProto(e: EventSpec): string {
  const message = nameForms(e.name).pascal;
  return `syntax = "proto3";

package ${eventPackage(e)};

import "fresha/kafka/v1/options.proto";
import "google/protobuf/timestamp.proto";

// ${message}: describe what happened and who needs it. Published on
// ${e.topic}, keyed by ${e.partitionKey} so that the events of one
// ${e.partitionKey.replace(/_id$/, '')} stay in order. Add fields with new numbers; never reuse or
// renumber one (buf breaking checks it against main).
message ${message} {
  // The partition key, a UUID string.
  string ${e.partitionKey} = 1 [(fresha.kafka.v1.partition_key) = true];
  // When it happened, as committed by the service.
  google.protobuf.Timestamp occurred_at = 2;
}
`;
}

/** The outbox call site: what a command calls inside its transaction. */
export function publishHelper(e: EventSpec): string {
  const message = nameForms(e.name).pascal;
  const key = nameForms(e.partitionKey).camel;
  return `import { create, type MessageInitShape } from '@bufbuild/protobuf';
import type { OutboxWriter, WrittenOutboxEvent } from '@platform/outbox';
import { ${message}Schema, eventCatalog } from '@proto/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Writes \`${e.name}\` to the outbox inside the caller's transaction, for Debezium to publish on
 * ${e.topic}. Call it from the command that makes the change, with that transaction's
 * EntityManager: the event then exists if and only if the change commits.
 *
 * \`\`\`ts
 * await this.dataSource.transaction(async (tx) => {
 *   // ...change the domain rows through tx...
 *   await publish${message}(this.outbox, tx, { ${key}, occurredAt: timestampFromDate(new Date()) });
 * });
 * \`\`\`
 */
export function publish${message}(
  outbox: OutboxWriter,
  tx: EntityManager,
  event: MessageInitShape<typeof ${message}Schema>,
): Promise<WrittenOutboxEvent> {
  return outbox.publish(tx, eventCatalog.${e.catalogKey}, '${e.name}', create(${message}Schema, event));
}
`;
}

/** The helper's test, on the real test database. */
export function publishHelperSpec(e: EventSpec, serviceName: string): string {
  const message = nameForms(e.name).pascal;
  const kebab = nameForms(e.name).kebab;
  const key = nameForms(e.partitionKey).camel;
  return `import { randomUUID } from 'node:crypto';
import { fromBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Test, type TestingModule } from '@nestjs/testing';
import { ConfigModule, testConfig } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { OutboxModule, OutboxTransactionRequiredError, OutboxWriter } from '@platform/outbox';
import { ensureInfra } from '@platform/testing';
import { eventCatalog } from '@proto/contracts';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../database/database.module';
import { publish${message} } from './publish-${kebab}';

const Topic = eventCatalog.${e.catalogKey};

describe('publish${message} (real Postgres)', () => {
  let moduleRef: TestingModule;
  let db: DataSource;
  let outbox: OutboxWriter;
  const rowsFor = (${key}: string) =>
    db.query('SELECT event_type, topic_name, partition_key, proto_payload FROM outbox_events WHERE partition_key = $1', [${key}]);

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    const app = '${serviceName}-domain';
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ app, config: testConfig(app) }),
        HeartbeatsModule.forRoot(),
        DatabaseModule.forRoot({ runMigrations: true }),
        OutboxModule,
      ],
    }).compile();
    moduleRef.useLogger(['error', 'warn']);
    await moduleRef.init();
    db = moduleRef.get(DataSource);
    outbox = moduleRef.get(OutboxWriter);
  }, 10 * 60_000);

  afterAll(() => moduleRef?.close());

  it('writes one outbox row with the event type, topic, partition key and the envelope bytes', async () => {
    const ${key} = randomUUID();
    const occurredAt = timestampFromDate(new Date('2026-01-02T03:04:05Z'));
    await db.transaction((tx) => publish${message}(outbox, tx, { ${key}, occurredAt }));

    const rows = await rowsFor(${key});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ event_type: '${e.name}', topic_name: Topic.topic, partition_key: ${key} });
    const envelope = fromBinary(Topic.envelope, rows[0].proto_payload);
    expect(envelope.payload.case).toBe('${nameForms(e.name).camel}');
    expect(envelope.payload.value).toMatchObject({ ${key}, occurredAt: { seconds: occurredAt.seconds } });
  });

  it('writes nothing when the transaction rolls back', async () => {
    const ${key} = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await publish${message}(outbox, tx, { ${key} });
        throw new Error('the command failed after publishing');
      }),
    ).rejects.toThrow('the command failed after publishing');
    expect(await rowsFor(${key})).toHaveLength(0);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(publish${message}(outbox, db.manager, { ${key}: randomUUID() })).rejects.toBeInstanceOf(
      OutboxTransactionRequiredError,
    );
  });
});
`;
}
