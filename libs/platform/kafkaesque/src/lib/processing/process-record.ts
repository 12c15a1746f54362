import { performance } from 'node:perf_hooks';
import { DecodeError } from '../errors/decode.error';
import type { ConsumerDefinition, HandlerBinding, TopicRoute } from '../discovery/consumer-definition';
import {
  KAFKAESQUE_CHANNELS,
  messageTracingChannel,
  publish,
  type MessageEvent,
  type MessageFailureEvent,
  type MessageHandledEvent,
  type MessageRetriedEvent,
  type MessageTraceContext,
} from '../events/kafkaesque.channels';
import type { DeadLetterRecord } from '../interfaces/dead-letter.interface';
import type { MessageBatch } from '../interfaces/message-batch.interface';
import type { MessageContext } from '../interfaces/message-context.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { errorMessage } from '../utils/error-message';
import { backoffDelay } from './backoff';
import { deadLetterHeaders } from './dead-letter-headers';
import { isRetriable } from './is-retriable';
import { runPluginsAndHandler } from './run-plugins';

/**
 * How one record ended. `handled`, `skipped` and `dead-lettered` are settled: the offset may
 * be committed. `failed` blocks the partition; `abandoned` (stop or rebalance mid-retry) leaves
 * the record uncommitted for redelivery.
 */
export type ProcessingOutcome =
  | { readonly status: 'handled'; readonly attempts: number; readonly handlerInvoked: boolean }
  | { readonly status: 'skipped'; readonly eventType: string | undefined }
  | {
      readonly status: 'dead-lettered';
      readonly attempts: number;
      readonly error: unknown;
      readonly deadLetter: DeadLetterRecord;
    }
  | {
      readonly status: 'failed';
      readonly attempts: number;
      readonly error: unknown;
      /** Why the partition blocks, for health and logs. */
      readonly reason: string;
      readonly deadLetterError?: unknown;
    }
  | { readonly status: 'abandoned'; readonly attempts: number };

export interface ProcessingDeps {
  /** Aborted on shutdown or partition loss: pending retries are abandoned. */
  readonly signal: AbortSignal;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  publishDeadLetter(record: DeadLetterRecord, route: TopicRoute): Promise<void>;
  now(): Date;
  /** The batch the record belongs to, when processed as part of one: `context.batch`. */
  readonly batch?: MessageBatch;
}

/** Skips the decoder: the harness pushes already decoded messages this way. */
export interface PreDecoded {
  readonly value: unknown;
}

/**
 * The whole life of one record: decode once, pick the handler by event type, run plugins
 * and handler with retries and exponential backoff, then dead-letter or fail. Never throws.
 */
export function processRecord(
  definition: ConsumerDefinition,
  record: RawRecord,
  deps: ProcessingDeps,
  preDecoded?: PreDecoded,
): Promise<ProcessingOutcome> {
  const route = definition.routes.get(record.topic);
  if (!route)
    throw new Error(`No route for Kafka topic "${record.topic}" in group ${definition.kafkaGroupId}`);
  const trace: MessageTraceContext = {
    groupId: definition.groupId,
    kafkaGroupId: definition.kafkaGroupId,
    topic: route.topic,
    record,
  };
  return messageTracingChannel.tracePromise(async () => {
    const outcome = await process(definition, route, record, deps, preDecoded);
    trace.outcome = outcome.status;
    if ('error' in outcome) trace.error = outcome.error;
    return outcome;
  }, trace);
}

async function process(
  definition: ConsumerDefinition,
  route: TopicRoute,
  record: RawRecord,
  deps: ProcessingDeps,
  preDecoded: PreDecoded | undefined,
): Promise<ProcessingOutcome> {
  const started = performance.now();
  const event = (eventType: string | undefined): MessageEvent => ({
    groupId: definition.groupId,
    kafkaGroupId: definition.kafkaGroupId,
    topic: route.topic,
    kafkaTopic: record.topic,
    partition: record.partition,
    offset: record.offset,
    eventType,
    durationMs: performance.now() - started,
  });

  let decoded: unknown;
  try {
    decoded = preDecoded ? preDecoded.value : route.decoder.decode(record);
  } catch (thrown) {
    const error =
      thrown instanceof DecodeError
        ? thrown
        : new DecodeError(route.decoder.name, errorMessage(thrown), { cause: thrown });
    publish<MessageFailureEvent>(KAFKAESQUE_CHANNELS.messageDecodeFailed, () => ({
      ...event(undefined),
      attempts: 1,
      error,
    }));
    return fail(definition, route, record, deps, error, 1, event(undefined));
  }

  const eventType = route.decoder.eventTypeOf?.(decoded);
  publish<MessageEvent>(KAFKAESQUE_CHANNELS.messageDecoded, () => event(eventType));
  const handler: HandlerBinding | undefined =
    (eventType !== undefined ? route.handlers.get(eventType) : undefined) ?? route.fallback;
  if (!handler) {
    publish<MessageEvent>(KAFKAESQUE_CHANNELS.messageSkipped, () => event(eventType));
    return { status: 'skipped', eventType };
  }

  const maxAttempts = definition.retries + 1;
  for (let attempt = 1; ; attempt++) {
    const context: MessageContext = {
      groupId: definition.groupId,
      kafkaGroupId: definition.kafkaGroupId,
      topic: route.topic,
      partition: record.partition,
      offset: record.offset,
      eventType,
      attempt,
      maxAttempts,
      record,
      signal: deps.signal,
      batch: deps.batch,
    };
    try {
      const handlerInvoked = await runPluginsAndHandler(route.plugins, handler, decoded, context);
      publish<MessageHandledEvent>(KAFKAESQUE_CHANNELS.messageHandled, () => ({
        ...event(eventType),
        attempts: attempt,
        handlerInvoked,
      }));
      return { status: 'handled', attempts: attempt, handlerInvoked };
    } catch (error) {
      if (!isRetriable(error) || attempt >= maxAttempts) {
        return fail(definition, route, record, deps, error, attempt, event(eventType));
      }
      if (deps.signal.aborted) return { status: 'abandoned', attempts: attempt };
      const delayMs = backoffDelay(attempt, definition.initialBackoffMs, definition.maxBackoffMs);
      publish<MessageRetriedEvent>(KAFKAESQUE_CHANNELS.messageRetried, () => ({
        ...event(eventType),
        attempt,
        delayMs,
        error,
      }));
      await deps.sleep(delayMs, deps.signal);
      if (deps.signal.aborted) return { status: 'abandoned', attempts: attempt };
    }
  }
}

async function fail(
  definition: ConsumerDefinition,
  route: TopicRoute,
  record: RawRecord,
  deps: ProcessingDeps,
  error: unknown,
  attempts: number,
  event: MessageEvent,
): Promise<ProcessingOutcome> {
  const where = `${record.topic}[${record.partition}] offset ${record.offset}`;
  if (!route.deadLetter) {
    publish<MessageFailureEvent>(KAFKAESQUE_CHANNELS.messageFailed, () => ({ ...event, attempts, error }));
    const reason = `${where} failed after ${attempts} attempt(s) and the topic has no dead-letter topic: ${errorMessage(error)}`;
    return { status: 'failed', attempts, error, reason };
  }

  const deadLetter: DeadLetterRecord = {
    topic: route.deadLetter.kafkaTopic,
    key: record.key,
    value: record.value,
    headers: deadLetterHeaders(record, {
      error,
      attempts,
      kafkaGroupId: definition.kafkaGroupId,
      failedAt: deps.now(),
    }),
  };
  try {
    await deps.publishDeadLetter(deadLetter, route);
  } catch (deadLetterError) {
    const deadLetterTopic = route.deadLetter.kafkaTopic;
    publish<MessageFailureEvent>(KAFKAESQUE_CHANNELS.messageFailed, () => ({
      ...event,
      attempts,
      error,
      deadLetterTopic,
    }));
    const reason =
      `${where} failed after ${attempts} attempt(s) (${errorMessage(error)}) and could not be written to ` +
      `dead-letter topic ${deadLetterTopic}: ${errorMessage(deadLetterError)}`;
    return { status: 'failed', attempts, error, reason, deadLetterError };
  }
  publish<MessageFailureEvent>(KAFKAESQUE_CHANNELS.messageDeadLettered, () => ({
    ...event,
    attempts,
    error,
    deadLetterTopic: deadLetter.topic,
  }));
  return { status: 'dead-lettered', attempts, error, deadLetter };
}
