export const KAFKA_CONSUMER_METADATA = 'kafkaesque:consumer';
export const KAFKA_HANDLER_METADATA = 'kafkaesque:handler';
/** ExecutionContext.getType() inside guards and interceptors around Kafka handlers. */
export const KAFKAESQUE_CONTEXT_TYPE = 'kafkaesque';
