import type { KafkaHeaders } from './raw-record.interface';

/** A failed record on its way to the dead-letter topic: original key and value, original headers plus `dlq.*`. */
export interface DeadLetterRecord {
  /** The dead-letter topic in Kafka, prefix included. */
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: KafkaHeaders;
}

/** Where dead letters go; the default writes to a Kafka topic with KafkaesqueProducer. */
export interface DeadLetterProducer {
  publish(record: DeadLetterRecord): Promise<void>;
}

/**
 * A topic's dead-letter choice. `{}` writes to `<prefix>.<topic>.dlq`; `topic` names another
 * topic (without prefix); `producer` replaces the Kafka producer (tests, other sinks).
 */
export interface DeadLetterConfig {
  readonly topic?: string;
  readonly producer?: DeadLetterProducer;
}
