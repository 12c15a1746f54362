import { randomUUID } from 'node:crypto';
import { create, fromBinary } from '@bufbuild/protobuf';
import type { TestingModule } from '@nestjs/testing';
import { OutboxWriter } from '@platform/outbox';
import { KafkaTopicReader } from '@platform/testing';
import { AddOnEnabledSchema, eventCatalog } from '@proto/contracts';
import { DataSource } from 'typeorm';
import { DisableAddOnCommand } from '../commands/disable-add-on.command';
import { EnableAddOnCommand } from '../commands/enable-add-on.command';
import { decodeContractRecord } from './contract-decoder';
import { ADD_ON_EVENTS_TOPIC, bootOutboxTestModule } from './outbox-test-module';

const EnvelopeSchema = eventCatalog.addOnsAddOnEventsV1.envelope;

describe('add-on commands through the outbox, Debezium and Kafka (real services)', () => {
  let moduleRef: TestingModule;
  let reader: KafkaTopicReader;
  let enable: EnableAddOnCommand;
  let disable: DisableAddOnCommand;
  let db: DataSource;

  beforeAll(async () => {
    moduleRef = await bootOutboxTestModule();
    enable = moduleRef.get(EnableAddOnCommand);
    disable = moduleRef.get(DisableAddOnCommand);
    db = moduleRef.get(DataSource);
    reader = await new KafkaTopicReader(ADD_ON_EVENTS_TOPIC).start();
  }, 20 * 60_000);

  afterAll(async () => {
    await reader?.stop();
    await moduleRef?.close();
  });

  const byKey = (key: string) => (r: { key: Buffer | null }) => r.key?.toString() === key;

  it('produces exactly the record of docs/wire-contract.md, checked against the outbox row', async () => {
    const providerId = randomUUID();
    const result = await enable.execute({ providerId, code: 'online_payments', actorId: 'user-1' });
    expect(result.ok).toBe(true);

    const [row] = await db.query(
      `SELECT uuid, partition_key, event_type, topic_name, proto_payload, trace_context,
              (extract(epoch from timestamp) * 1000000)::bigint AS micros
         FROM outbox_events WHERE partition_key = $1`,
      [providerId],
    );
    const [record] = await reader.waitFor(1, byKey(providerId));
    const decoded = decodeContractRecord(record);

    expect(record.topic).toBe(`test.${row.topic_name}`);
    expect(row.topic_name).toBe('add-ons.add-on-events-v1');
    expect(decoded.key).toBe(providerId);
    expect(decoded.uuid).toBe(row.uuid);
    expect(decoded.eventType).toBe('add_on_enabled');
    expect(decoded.eventType).toBe(row.event_type);
    // Debezium sends a TIMESTAMP column as microseconds since the epoch.
    expect(String(decoded.timestamp)).toBe(row.micros);
    expect(decoded.payload.equals(row.proto_payload)).toBe(true);
    expect(decoded.headers).toEqual({ id: row.uuid, eventType: 'add_on_enabled', traceContext: null });
    // EventRouter writes the trace_context header even when the column is NULL (value null);
    // consumers treat a null header as absent. No Debezium-specific headers leak out.
    expect(decoded.headerNames).toEqual(['event_type', 'id', 'trace_context']);

    const envelope = fromBinary(EnvelopeSchema, decoded.payload);
    expect(envelope.payload.case).toBe('addOnEnabled');
    expect(envelope.payload.value).toMatchObject({
      providerId,
      addOnCode: 'online_payments',
      addOnName: 'Online payments',
      actorId: 'user-1',
    });
  }, 60_000);

  it('emits nothing for a transaction that rolls back, by domain error or by a throw after the outbox insert', async () => {
    const providerId = randomUUID();
    expect((await enable.execute({ providerId, code: 'smart_pricing', actorId: 'u' })).ok).toBe(true);
    const twice = await enable.execute({ providerId, code: 'smart_pricing', actorId: 'u' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'ADD_ON_ALREADY_ENABLED' } });

    const outbox = moduleRef.get(OutboxWriter);
    await expect(
      db.transaction(async (tx) => {
        await outbox.publish(
          tx,
          eventCatalog.addOnsAddOnEventsV1,
          'add_on_enabled',
          create(AddOnEnabledSchema, { providerId, addOnCode: 'rolled_back' }),
        );
        throw new Error('failure after the outbox insert');
      }),
    ).rejects.toThrow('failure after the outbox insert');

    // A later committed event on the same key: once it has arrived, anything committed
    // before it would have arrived too (one key, one partition, commit order).
    expect((await disable.execute({ providerId, code: 'smart_pricing', actorId: 'u' })).ok).toBe(true);
    const records = await reader.waitFor(2, byKey(providerId));
    expect(records.map((r) => decodeContractRecord(r).eventType)).toEqual([
      'add_on_enabled',
      'add_on_disabled',
    ]);
    const rows = await db.query('SELECT event_type FROM outbox_events WHERE partition_key = $1', [
      providerId,
    ]);
    expect(rows).toHaveLength(2);
  }, 60_000);
});
