/** @OnKafkaEvent / @OnKafkaMessage on a class without @KafkaConsumer: no group, no topics, nothing would run it. */
export class HandlerOutsideConsumerError extends Error {
  constructor(handler: string) {
    super(`${handler} is a Kafka handler, but its class has no @KafkaConsumer decorator`);
    this.name = 'HandlerOutsideConsumerError';
  }
}
