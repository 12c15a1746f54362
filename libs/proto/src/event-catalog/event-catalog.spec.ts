import { create } from '@bufbuild/protobuf';
import { eventCatalog } from '../generated/event-catalog';
import { EventEnvelopeSchema as AddOnEventsEnvelopeSchema } from '../generated/fresha/add_ons/protobuf/kafka/add_on_events/events/v1/envelope_pb';
import { AddOnDisabledSchema, AddOnEnabledSchema, ProviderDeactivatedSchema } from '../index';
import { EmptyEnvelopeError } from './empty-envelope.error';
import { EmptyPartitionKeyError } from './empty-partition-key.error';
import { eventTypeOf, isEventTypeOf } from './event-type-of';
import { partitionKeyOf } from './partition-key-of';
import { findTopicEntry, topicEntryFor } from './topic-entry-for';
import { caseOfEventType, wrapEvent } from './wrap-event';

const addOnEvents = eventCatalog.addOnsAddOnEventsV1;
const providerId = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('eventCatalog', () => {
  it('maps add-ons.add-on-events-v1 to its envelope, event types and partition keys', () => {
    expect(addOnEvents.topic).toBe('add-ons.add-on-events-v1');
    // Not toBe/toEqual on the schema: a failure would print its whole descriptor graph.
    expect(addOnEvents.envelope === AddOnEventsEnvelopeSchema).toBe(true);
    expect(addOnEvents.oneof).toBe('payload');
    // The example's events; `nx g @tools/starter:event` appends more.
    expect(addOnEvents.eventTypes).toMatchObject({ addOnEnabled: 'add_on_enabled', addOnDisabled: 'add_on_disabled' });
    expect(addOnEvents.partitionKeys).toMatchObject({ addOnEnabled: 'providerId', addOnDisabled: 'providerId' });
  });

  it('maps the consumed providers.provider-events-v1 topic too', () => {
    const entry = eventCatalog.providersProviderEventsV1;
    expect(entry.topic).toBe('providers.provider-events-v1');
    expect(entry.envelope.typeName).toBe(
      'fresha.providers.protobuf.kafka.provider_events.events.v1.EventEnvelope',
    );
    expect(entry.eventTypes).toEqual({ providerDeactivated: 'provider_deactivated' });
  });

  it('takes each event type from the oneof field name, as the outbox and kafkaesque do', () => {
    for (const entry of Object.values(eventCatalog)) {
      const oneof = entry.envelope.oneofs.find((o) => o.localName === entry.oneof);
      const fromDescriptor = Object.fromEntries(oneof?.fields.map((f) => [f.localName, f.name]) ?? []);
      expect(entry.eventTypes).toEqual(fromDescriptor);
    }
  });

  it('finds entries by topic name, and nothing for an unknown or prefixed topic', () => {
    expect(findTopicEntry('add-ons.add-on-events-v1')).toBe(addOnEvents);
    expect(topicEntryFor('providers.provider-events-v1')).toBe(eventCatalog.providersProviderEventsV1);
    expect(findTopicEntry('dev.add-ons.add-on-events-v1')).toBeUndefined();
  });
});

describe('event catalog helpers', () => {
  const enabled = create(AddOnEnabledSchema, { providerId, addOnCode: 'online_payments' });
  const envelope = wrapEvent(addOnEvents, 'add_on_enabled', enabled);

  it('wrapEvent sets the oneof case of the event type', () => {
    expect(envelope.payload).toEqual({ case: 'addOnEnabled', value: enabled });
    expect(caseOfEventType(addOnEvents, 'add_on_disabled')).toBe('addOnDisabled');
  });

  it('eventTypeOf gives the snake_case event type of the set case', () => {
    expect(eventTypeOf(addOnEvents, envelope)).toBe('add_on_enabled');
    const disabled = wrapEvent(addOnEvents, 'add_on_disabled', create(AddOnDisabledSchema, { providerId }));
    expect(eventTypeOf(addOnEvents, disabled)).toBe('add_on_disabled');
  });

  it('partitionKeyOf reads the field marked as partition key', () => {
    expect(partitionKeyOf(addOnEvents, envelope)).toBe(providerId);
    const deactivated = wrapEvent(
      eventCatalog.providersProviderEventsV1,
      'provider_deactivated',
      create(ProviderDeactivatedSchema, { providerId: 'p-1' }),
    );
    expect(partitionKeyOf(eventCatalog.providersProviderEventsV1, deactivated)).toBe('p-1');
  });

  it('rejects an envelope without an event, and an event without its partition key', () => {
    expect(() => eventTypeOf(addOnEvents, create(addOnEvents.envelope))).toThrow(EmptyEnvelopeError);
    const keyless = wrapEvent(addOnEvents, 'add_on_enabled', create(AddOnEnabledSchema));
    expect(() => partitionKeyOf(addOnEvents, keyless)).toThrow(
      new EmptyPartitionKeyError('add-ons.add-on-events-v1', 'add_on_enabled', 'providerId'),
    );
  });

  it('isEventTypeOf accepts only the topic’s own event types', () => {
    expect(isEventTypeOf(addOnEvents, 'add_on_disabled')).toBe(true);
    expect(isEventTypeOf(addOnEvents, 'provider_deactivated')).toBe(false);
    expect(isEventTypeOf(addOnEvents, 'addOnDisabled')).toBe(false);
  });
});
