import type { KafkaHeaders, RawRecord } from '../interfaces/raw-record.interface';
import { errorClass, errorMessage } from '../utils/error-message';

/** Bounds on error headers: a deep stack must not make the dead letter bigger than the broker accepts. */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;
export const MAX_ERROR_STACK_LENGTH = 4_000;

export const DLQ_HEADERS = {
  sourceTopic: 'dlq.source.topic',
  sourcePartition: 'dlq.source.partition',
  sourceOffset: 'dlq.source.offset',
  sourceTimestamp: 'dlq.source.timestamp',
  consumerGroup: 'dlq.consumer.group',
  errorClass: 'dlq.error.class',
  errorMessage: 'dlq.error.message',
  errorStack: 'dlq.error.stack',
  attempts: 'dlq.attempts',
  failedAt: 'dlq.failed.at',
} as const;

/**
 * The headers of a dead letter (docs/wire-contract.md): the original ones, then `dlq.*`
 * describing where it came from and why it failed. A record that failed before (a replayed
 * dead letter) gets fresh `dlq.*` values.
 */
export function deadLetterHeaders(
  record: RawRecord,
  failure: { error: unknown; attempts: number; kafkaGroupId: string; failedAt: Date },
): KafkaHeaders {
  const stack = failure.error instanceof Error ? (failure.error.stack ?? '') : '';
  return {
    ...withoutNullValues(record.headers),
    [DLQ_HEADERS.sourceTopic]: record.topic,
    [DLQ_HEADERS.sourcePartition]: String(record.partition),
    [DLQ_HEADERS.sourceOffset]: record.offset,
    [DLQ_HEADERS.sourceTimestamp]: record.timestamp,
    [DLQ_HEADERS.consumerGroup]: failure.kafkaGroupId,
    [DLQ_HEADERS.errorClass]: errorClass(failure.error),
    [DLQ_HEADERS.errorMessage]: truncate(errorMessage(failure.error), MAX_ERROR_MESSAGE_LENGTH),
    [DLQ_HEADERS.errorStack]: truncate(stack, MAX_ERROR_STACK_LENGTH),
    [DLQ_HEADERS.attempts]: String(failure.attempts),
    [DLQ_HEADERS.failedAt]: failure.failedAt.toISOString(),
  };
}

/**
 * kafkajs cannot produce a header whose value is null, and Debezium's EventRouter writes one
 * for a NULL `trace_context`: such headers are dropped (a null header means "absent" anyway).
 */
function withoutNullValues(headers: KafkaHeaders): KafkaHeaders {
  const kept: KafkaHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === null || value === undefined) continue;
    kept[name] = Array.isArray(value) ? value.filter((v) => v !== null) : value;
  }
  return kept;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 15)}... [truncated]`;
}
