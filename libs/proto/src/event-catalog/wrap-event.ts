import { create } from '@bufbuild/protobuf';
import type { CaseOfEventType, EnvelopeOf, EventDataOf, EventTypeOf, TopicEntry } from './topic-entry.types';

/**
 * Puts one event into its topic's envelope, chosen by event type:
 * `wrapEvent(eventCatalog.addOnsAddOnEventsV1, 'add_on_enabled', addOnEnabled)`.
 * A misspelt event type, or data of another event, does not compile.
 */
export function wrapEvent<E extends TopicEntry, T extends EventTypeOf<E>>(
  entry: E,
  eventType: T,
  data: EventDataOf<E, T>,
): EnvelopeOf<E> {
  const eventCase = caseOfEventType(entry, eventType);
  const init = { [entry.oneof]: { case: eventCase, value: data } };
  return create(entry.envelope, init) as EnvelopeOf<E>;
}

/** The oneof case that carries an event type: 'add_on_enabled' -> 'addOnEnabled'. */
export function caseOfEventType<E extends TopicEntry, T extends EventTypeOf<E>>(
  entry: E,
  eventType: T,
): CaseOfEventType<E, T> {
  const found = Object.entries(entry.eventTypes).find(([, type]) => type === eventType);
  // Unreachable from typed code; guards callers that cast a string read at run time.
  if (!found) throw new Error(`topic "${entry.topic}" carries no event type "${eventType}"`);
  return found[0] as CaseOfEventType<E, T>;
}
