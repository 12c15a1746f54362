import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AddOnQueries, EnableAddOnCommand, RecordAddOnActivityCommand } from '@my-service/domain';
import { kafkaProducerConfig } from '@platform/config';
import { KafkaTopicReader, localKafka, type BootedApp, eventually } from '@platform/testing';
import { AddOnDisabledSchema, eventCatalog, ProviderDeactivatedSchema, wrapEvent } from '@proto/contracts';
import type { Producer } from 'kafkajs';
import { AppModule } from '../app.module';
import { bootConsumersApp } from './boot-consumers';

const ADD_ON_TOPIC = 'test.add-ons.add-on-events-v1';
const PROVIDER_TOPIC = 'test.providers.provider-events-v1';

describe('events-consumers end to end (real Postgres, Debezium, Kafka)', () => {
  let booted: BootedApp;
  let producer: Producer;
  let activity: RecordAddOnActivityCommand;

  beforeAll(async () => {
    booted = await bootConsumersApp(AppModule, ['my_service.add_on_activity', 'my_service.provider_events']);
    activity = booted.app.get(RecordAddOnActivityCommand);
    producer = localKafka('e2e-producer').producer(kafkaProducerConfig());
    await producer.connect();
  }, 20 * 60_000);

  afterAll(async () => {
    await producer?.disconnect();
    await booted?.app.close();
  });

  const historyOf = (providerId: string, length: number) =>
    eventually(`${length} activity rows for ${providerId}`, async () => {
      const rows = await activity.history(providerId);
      return rows.length >= length ? rows : undefined;
    });

  it('takes a domain command through the outbox and Debezium to the handler, decoded', async () => {
    const providerId = randomUUID();
    const result = await booted.app
      .get(EnableAddOnCommand)
      .execute({ providerId, code: 'smart_pricing', actorId: 'user-7' });
    expect(result.ok).toBe(true);
    const [row] = await historyOf(providerId, 1);
    expect(row).toMatchObject({
      providerId,
      addOnCode: 'smart_pricing',
      eventType: 'add_on_enabled',
      actorId: 'user-7',
    });
  }, 60_000);

  it('handles a record crafted as an Elixir service’s Debezium pipeline writes it (millisecond timestamp)', async () => {
    const providerId = randomUUID();
    const eventUuid = randomUUID();
    const occurredAt = new Date('2026-11-20T10:00:00.000Z');
    const envelope = wrapEvent(
      eventCatalog.addOnsAddOnEventsV1,
      'add_on_disabled',
      create(AddOnDisabledSchema, {
        providerId,
        addOnId: randomUUID(),
        addOnCode: 'online_payments',
        addOnName: 'Online payments',
        actorId: 'elixir-service',
        occurredAt: timestampFromDate(occurredAt),
      }),
    );
    const payload = Buffer.from(toBinary(eventCatalog.addOnsAddOnEventsV1.envelope, envelope)).toString(
      'base64',
    );
    await producer.send({
      topic: ADD_ON_TOPIC,
      messages: [
        {
          key: providerId,
          // Hand-written JSON, field order and extra field as Elixir's Jason would leave them.
          value: `{"event_type":"add_on_disabled","payload":"${payload}","timestamp":${occurredAt.getTime()},"uuid":"${eventUuid}","source":"ecto"}`,
          headers: { id: eventUuid, event_type: 'add_on_disabled' },
        },
      ],
    });
    const [row] = await historyOf(providerId, 1);
    expect(row).toMatchObject({ eventUuid, eventType: 'add_on_disabled', actorId: 'elixir-service' });
    expect(row.occurredAt.toISOString()).toBe(occurredAt.toISOString());
  }, 60_000);

  it('disables a deactivated provider’s add-ons on the providers service’s event', async () => {
    const providerId = randomUUID();
    const enable = booted.app.get(EnableAddOnCommand);
    await enable.execute({ providerId, code: 'online_payments', actorId: 'u' });
    await enable.execute({ providerId, code: 'team_payroll', actorId: 'u' });
    const envelope = wrapEvent(
      eventCatalog.providersProviderEventsV1,
      'provider_deactivated',
      create(ProviderDeactivatedSchema, { providerId }),
    );
    const payload = Buffer.from(toBinary(eventCatalog.providersProviderEventsV1.envelope, envelope)).toString(
      'base64',
    );
    const eventUuid = randomUUID();
    await producer.send({
      topic: PROVIDER_TOPIC,
      messages: [
        {
          key: providerId,
          value: JSON.stringify({
            uuid: eventUuid,
            event_type: 'provider_deactivated',
            timestamp: Date.now() * 1000,
            payload,
          }),
        },
      ],
    });
    const queries = booted.app.get(AddOnQueries);
    const addOns = await eventually('add-ons disabled', async () => {
      const result = await queries.listForProvider(providerId);
      return result.ok && result.value.every((a) => !a.enabled) ? result.value : undefined;
    });
    expect(addOns.map((a) => [a.code, a.changedBy])).toEqual([
      ['online_payments', 'providers.provider_deactivated'],
      ['team_payroll', 'providers.provider_deactivated'],
    ]);
    // ...and the disables went out as events, back into the audit log.
    const rows = await historyOf(providerId, 4);
    expect(rows.filter((r) => r.eventType === 'add_on_disabled')).toHaveLength(2);
  }, 60_000);

  it('sends a malformed value to the DLQ untouched, without retries, and goes on', async () => {
    const dlq = await new KafkaTopicReader(`${ADD_ON_TOPIC}.dlq`).start();
    try {
      const key = randomUUID();
      await producer.send({
        topic: ADD_ON_TOPIC,
        messages: [{ key, value: '{"uuid": "not json', headers: { origin: 'e2e' } }],
      });
      // Every group on the topic dead-letters it (`nx g @tools/starter:consumer` adds groups): this group's letter.
      const [letter] = await dlq.waitFor(
        1,
        (r) =>
          r.key?.toString() === key &&
          r.headers['dlq.consumer.group']?.toString() === 'test.my_service.add_on_activity',
      );
      expect(letter.value?.toString()).toBe('{"uuid": "not json');
      const header = (name: string) => letter.headers[name]?.toString();
      expect(header('origin')).toBe('e2e');
      expect(header('dlq.source.topic')).toBe(ADD_ON_TOPIC);
      expect(header('dlq.consumer.group')).toBe('test.my_service.add_on_activity');
      expect(header('dlq.error.class')).toBe('DecodeError');
      expect(header('dlq.attempts')).toBe('1');

      // The partition is not blocked: a later event is still handled.
      const providerId = randomUUID();
      await booted.app.get(EnableAddOnCommand).execute({ providerId, code: 'smart_pricing', actorId: 'u' });
      await historyOf(providerId, 1);
    } finally {
      await dlq.stop();
    }
  }, 60_000);
});
