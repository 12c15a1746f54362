/**
 * The base of every error kafkaesque throws for a misconfiguration it finds at boot: decorators
 * (a handler outside a consumer, a duplicate group or handler, an unknown event type), options
 * (decoders, dead-letter choices, plugins) and the topics file. Catch this one to tell a broken
 * setup, which no retry will fix, from a failure at run time.
 */
export abstract class KafkaesqueConfigurationError extends Error {}
