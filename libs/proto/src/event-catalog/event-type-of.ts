import { EmptyEnvelopeError } from './empty-envelope.error';
import { readPayload } from './read-payload';
import type { EnvelopeOf, EventCaseOf, EventTypeOf, TopicEntry } from './topic-entry.types';

/**
 * The outbox event_type of the event an envelope holds: `'add_on_enabled'` for an
 * envelope whose `payload.case` is `'addOnEnabled'`. Throws EmptyEnvelopeError when no
 * case is set.
 */
export function eventTypeOf<E extends TopicEntry>(entry: E, envelope: EnvelopeOf<E>): EventTypeOf<E> {
  return entry.eventTypes[setCaseOf(entry, envelope)] as EventTypeOf<E>;
}

/** The set oneof case of an envelope, e.g. 'addOnEnabled'; throws EmptyEnvelopeError when none is. */
export function setCaseOf<E extends TopicEntry>(entry: E, envelope: EnvelopeOf<E>): EventCaseOf<E> {
  const found = readPayload(entry, envelope).case;
  if (found === undefined || !(found in entry.eventTypes)) throw new EmptyEnvelopeError(entry.topic);
  return found as EventCaseOf<E>;
}

/**
 * Narrows a string read off the wire (an event_type header or outbox column) to the
 * topic's event types; false for anything the topic does not carry.
 */
export function isEventTypeOf<E extends TopicEntry>(entry: E, value: string): value is EventTypeOf<E> {
  return Object.values(entry.eventTypes).includes(value);
}
