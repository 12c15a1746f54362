import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { toBinary } from '@bufbuild/protobuf';
import {
  eventTypeOf,
  partitionKeyOf,
  wrapEvent,
  type EnvelopeOf,
  type EventDataOf,
  type EventTypeOf,
  type TopicEntry,
} from '@proto/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxTransactionRequiredError } from './outbox-transaction-required.error';
import { TRACE_CONTEXT_SOURCE, type TraceContextSource } from './trace-context.source';

/** What was written, as Debezium will read it. */
export interface WrittenOutboxEvent {
  uuid: string;
  topicName: string;
  eventType: string;
  partitionKey: string;
  protoPayload: Uint8Array;
  traceContext: string | null;
  timestamp: Date;
}

/**
 * Writes domain events to `outbox_events` inside the caller's transaction (the seed's
 * `Multi.insert(:outbox_event, ...)`). Event type and partition key come from the event
 * catalog, so they are never spelt by hand; the topic is stored without the environment prefix.
 */
@Injectable()
export class OutboxWriter {
  constructor(@Inject(TRACE_CONTEXT_SOURCE) private readonly traceContext: TraceContextSource) {}

  /** `publish(tx, eventCatalog.addOnsAddOnEventsV1, 'add_on_enabled', addOnEnabled)` */
  publish<E extends TopicEntry, T extends EventTypeOf<E>>(
    tx: EntityManager,
    entry: E,
    eventType: T,
    data: EventDataOf<E, T>,
  ): Promise<WrittenOutboxEvent> {
    return this.write(tx, entry, wrapEvent(entry, eventType, data));
  }

  /** Writes an already built envelope; its set oneof case is the event type. */
  async write<E extends TopicEntry>(tx: EntityManager, entry: E, envelope: EnvelopeOf<E>): Promise<WrittenOutboxEvent> {
    if (!tx.queryRunner?.isTransactionActive) throw new OutboxTransactionRequiredError(entry.topic);
    const event: WrittenOutboxEvent = {
      uuid: randomUUID(),
      topicName: entry.topic,
      eventType: eventTypeOf(entry, envelope),
      partitionKey: partitionKeyOf(entry, envelope),
      protoPayload: toBinary(entry.envelope, envelope),
      traceContext: this.traceContext.current(),
      timestamp: new Date(),
    };
    // TIMESTAMP (without time zone) holds UTC; passing the ISO text without its zone keeps
    // node-postgres from converting the Date to the process's local time.
    await tx.query(
      `INSERT INTO outbox_events (uuid, partition_key, event_type, topic_name, proto_payload, trace_context, timestamp)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamp)`,
      [
        event.uuid,
        event.partitionKey,
        event.eventType,
        event.topicName,
        Buffer.from(event.protoPayload),
        event.traceContext,
        event.timestamp.toISOString().slice(0, -1),
      ],
    );
    return event;
  }
}
