import type { KafkaMessage } from 'kafkajs';
import type { KafkaHeaders, RawRecord } from '../interfaces/raw-record.interface';

export function toRawRecord(topic: string, partition: number, message: KafkaMessage): RawRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value,
    headers: (message.headers ?? {}) as KafkaHeaders,
    timestamp: message.timestamp,
  };
}
