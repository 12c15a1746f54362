import { KAFKA_HANDLER_METADATA } from '../kafkaesque.constants';

/** Where one handler method is attached: a topic (without prefix) and, for `@OnKafkaEvent`, one event type. */
export interface KafkaHandlerMetadata {
  readonly topic: string;
  readonly eventType?: string;
}

function addHandlerMetadata(entry: KafkaHandlerMetadata): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    const existing =
      (Reflect.getMetadata(KAFKA_HANDLER_METADATA, method) as KafkaHandlerMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(KAFKA_HANDLER_METADATA, [...existing, entry], method);
    return descriptor;
  };
}

/**
 * Handles the messages of `topic` (without prefix) whose event type is `eventType`, e.g.
 * `@OnKafkaEvent('add-ons.add-on-events-v1', 'add_on_enabled')`. Stackable: one method may
 * handle several events. The method gets `(message, context: MessageContext)`.
 */
export const OnKafkaEvent = (topic: string, eventType: string): MethodDecorator =>
  addHandlerMetadata({ topic, eventType });

/**
 * Handles every message of `topic` that no `@OnKafkaEvent` of the same consumer claims (all
 * of them when the topic's decoder has no event types). Without one, messages of event types
 * nobody handles are skipped and committed, like kafkaesque's catch-all clause.
 */
export const OnKafkaMessage = (topic: string): MethodDecorator => addHandlerMetadata({ topic });
