/** Header values as kafkajs reads them: bytes, `null` for a null value, an array for a repeated name. */
export type KafkaHeaderValue = Buffer | string | null | undefined | Array<Buffer | string | null>;
export type KafkaHeaders = Record<string, KafkaHeaderValue>;

/** One Kafka record exactly as it arrived, before decoding. */
export interface RawRecord {
  /** The Kafka topic, prefix included (`dev.add-ons.add-on-events-v1`). */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: KafkaHeaders;
  /** Record timestamp, Unix milliseconds as kafkajs gives it. */
  readonly timestamp: string;
}
