import { Injectable } from '@nestjs/common';
import { RecordAddOnActivityCommand } from '@my-service/domain';
import { DebeziumProtoDecoder, KafkaConsumer, OnKafkaEvent, type DebeziumEvent } from '@platform/kafkaesque';
import { currentInboxTransaction, PostgresIdempotencyPlugin } from '@platform/kafkaesque-addons';
import { eventCatalog, type AddOnDisabled, type AddOnEnabled } from '@proto/contracts';

const AddOnEvents = eventCatalog.addOnsAddOnEventsV1;
type AddOnEvent = DebeziumEvent<typeof AddOnEvents.envelope, AddOnEnabled | AddOnDisabled>;

/**
 * Our own add-on events, read back from Kafka to keep the add-ons audit log (a read model).
 * Idempotent through the Postgres inbox: the inbox row and the audit row commit together.
 */
@KafkaConsumer({
  groupId: 'my_service.add_on_activity',
  topics: {
    [AddOnEvents.topic]: {
      decoder: new DebeziumProtoDecoder(AddOnEvents.envelope),
      plugins: [PostgresIdempotencyPlugin],
      deadLetter: {},
    },
  },
  retries: 3,
  initialBackoffMs: 200,
  commitStrategy: 'sync',
})
@Injectable()
export class AddOnEventsConsumer {
  constructor(private readonly recordActivity: RecordAddOnActivityCommand) {}

  @OnKafkaEvent(AddOnEvents.topic, 'add_on_enabled')
  @OnKafkaEvent(AddOnEvents.topic, 'add_on_disabled')
  async onAddOnEvent(message: AddOnEvent): Promise<void> {
    await this.recordActivity.execute(
      {
        eventUuid: message.eventUuid,
        eventType: message.eventType as 'add_on_enabled' | 'add_on_disabled',
        providerId: message.eventData.providerId,
        addOnCode: message.eventData.addOnCode,
        actorId: message.eventData.actorId,
        occurredAt: message.eventData.occurredAt,
      },
      currentInboxTransaction(),
    );
  }
}
