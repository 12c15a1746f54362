import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { eventCatalog } from '../generated/event-catalog';

/**
 * The shape of one generated catalog entry. `eventTypes` and `partitionKeys` are keyed by
 * the envelope's oneof case as protobuf-es names it (e.g. `addOnEnabled`).
 */
export interface TopicEntry {
  /** Topic name without the environment prefix, as in the outbox's topic_name. */
  readonly topic: string;
  /** The envelope's schema: `create`, `toBinary` and `fromBinary` take it. */
  readonly envelope: DescMessage;
  /** protobuf-es name of the envelope's oneof (`payload`). */
  readonly oneof: string;
  /** Oneof case -> event_type (the proto field name), e.g. addOnEnabled -> 'add_on_enabled'. */
  readonly eventTypes: Readonly<Record<string, string>>;
  /** Oneof case -> protobuf-es name of the event's partition key field, e.g. 'providerId'. */
  readonly partitionKeys: Readonly<Record<string, string>>;
}

/** The generated catalog: one entry per topic. */
export type EventCatalog = typeof eventCatalog;

/** Any entry of the catalog, e.g. to accept "some known topic" in a signature. */
export type CatalogEntry = EventCatalog[keyof EventCatalog];

/** Every topic name in the catalog: 'add-ons.add-on-events-v1' | 'providers.provider-events-v1'. */
export type TopicName = CatalogEntry['topic'];

/** The decoded envelope message of a topic. */
export type EnvelopeOf<E extends TopicEntry> = MessageShape<E['envelope']>;

// EventCaseOf and EventTypeOf distribute over a union of entries (`E extends TopicEntry ?`):
// a decoder holding "some topic" gets every event type of those topics, not `never`.

/** The oneof cases of a topic's envelope, protobuf-es style: 'addOnEnabled' | 'addOnDisabled'. */
export type EventCaseOf<E extends TopicEntry> = E extends TopicEntry ? keyof E['eventTypes'] & string : never;

/** The event types a topic carries: `EventTypeOf<typeof eventCatalog.addOnsAddOnEventsV1>` is 'add_on_enabled' | 'add_on_disabled'. */
export type EventTypeOf<E extends TopicEntry> = E extends TopicEntry
  ? E['eventTypes'][keyof E['eventTypes'] & string]
  : never;

/** The oneof case that carries an event type: 'add_on_enabled' -> 'addOnEnabled'. */
export type CaseOfEventType<E extends TopicEntry, T extends EventTypeOf<E>> = {
  [K in keyof E['eventTypes'] & string]: E['eventTypes'][K] extends T ? K : never;
}[keyof E['eventTypes'] & string];

/** The oneof union of a topic's envelope: `{ case: 'addOnEnabled'; value: AddOnEnabled } | ...`. */
export type PayloadOf<E extends TopicEntry> = E['oneof'] extends keyof EnvelopeOf<E>
  ? EnvelopeOf<E>[E['oneof']]
  : never;

/** The event message of one event type: `EventDataOf<typeof entry, 'add_on_enabled'>` is AddOnEnabled. */
export type EventDataOf<E extends TopicEntry, T extends EventTypeOf<E>> =
  Extract<PayloadOf<E>, { case: CaseOfEventType<E, T> }> extends { value: infer V } ? V : never;
