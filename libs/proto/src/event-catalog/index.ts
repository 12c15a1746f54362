export { EmptyEnvelopeError } from './empty-envelope.error';
export { EmptyPartitionKeyError } from './empty-partition-key.error';
export { eventTypeOf, isEventTypeOf, setCaseOf } from './event-type-of';
export { partitionKeyOf } from './partition-key-of';
export { findTopicEntry, topicEntryFor } from './topic-entry-for';
export type {
  CaseOfEventType,
  CatalogEntry,
  EnvelopeOf,
  EventCaseOf,
  EventCatalog,
  EventDataOf,
  EventTypeOf,
  PayloadOf,
  TopicEntry,
  TopicName,
} from './topic-entry.types';
export { caseOfEventType, wrapEvent } from './wrap-event';
