import { Injectable, Logger } from '@nestjs/common';
import { AddOnQueries, DisableAddOnCommand } from '@my-service/domain';
import {
  DebeziumProtoDecoder,
  KafkaConsumer,
  NonRetriableError,
  OnKafkaEvent,
  type DebeziumEvent,
} from '@platform/kafkaesque';
import { RedisIdempotencyPlugin } from '@platform/kafkaesque-addons';
import { eventCatalog, type ProviderDeactivated } from '@proto/contracts';

const ProviderEvents = eventCatalog.providersProviderEventsV1;

/**
 * The providers service's events: a deactivated provider loses its enabled add-ons.
 * Idempotent through the Redis inbox (the seed's default for consumers).
 */
@KafkaConsumer({
  groupId: 'my_service.provider_events',
  topics: {
    [ProviderEvents.topic]: {
      decoder: new DebeziumProtoDecoder(ProviderEvents.envelope),
      plugins: [RedisIdempotencyPlugin],
      deadLetter: {},
    },
  },
  // Retries × backoff is how long a message waits out a Redis outage or a concurrent duplicate.
  retries: 8,
  initialBackoffMs: 200,
  maxBackoffMs: 5_000,
})
@Injectable()
export class ProviderEventsConsumer {
  private readonly logger = new Logger(ProviderEventsConsumer.name);

  constructor(
    private readonly queries: AddOnQueries,
    private readonly disable: DisableAddOnCommand,
  ) {}

  @OnKafkaEvent(ProviderEvents.topic, 'provider_deactivated')
  async onProviderDeactivated(
    message: DebeziumEvent<typeof ProviderEvents.envelope, ProviderDeactivated>,
  ): Promise<void> {
    const { providerId } = message.eventData;
    const addOns = await this.queries.listForProvider(providerId);
    // A malformed provider id will not get better with retries: straight to the DLQ.
    if (!addOns.ok)
      throw new NonRetriableError(`provider_deactivated ${message.eventUuid}: ${addOns.error.message}`);
    for (const addOn of addOns.value.filter((a) => a.enabled)) {
      const result = await this.disable.execute({
        providerId,
        code: addOn.code,
        actorId: 'providers.provider_deactivated',
      });
      // Already disabled by a concurrent change or an earlier delivery: the goal is reached.
      if (!result.ok && result.error.code !== 'ADD_ON_ALREADY_DISABLED') throw result.error;
    }
    this.logger.log(`provider ${providerId} deactivated: add-ons disabled`);
  }
}
