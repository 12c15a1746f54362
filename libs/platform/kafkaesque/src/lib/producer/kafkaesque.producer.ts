import { Inject, Injectable } from '@nestjs/common';
import { kafkaProducerConfig } from '@platform/config';
import { currentTraceContext } from '@platform/monitor';
import type { IHeaders, Kafka, Producer, RecordMetadata } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { performance } from 'node:perf_hooks';
import { KAFKAESQUE_CHANNELS, publish, type ProduceEvent } from '../events/kafkaesque.channels';
import type { KafkaHeaders } from '../interfaces/raw-record.interface';
import { KAFKAESQUE_KAFKA, KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from '../kafkaesque.options';
import { withPrefix } from '../topic-names';

export interface ProducedMessage {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: KafkaHeaders;
  readonly partition?: number;
  /** Unix milliseconds; the broker's time when absent. */
  readonly timestamp?: string;
}

/**
 * Writes records to Kafka, for dead letters and tooling (replays, backfills).
 *
 * NOT for domain events: an event produced here is not in the transaction that changed the
 * data, so a crash between the two loses it or publishes a change that was rolled back.
 * Domain events go through the outbox (`@platform/outbox`) and Debezium.
 *
 * Connects on first use; idempotent (`kafkaProducerConfig()` of `@platform/config`), waiting for
 * every in-sync replica (`acks: -1`). Like records the outbox writes (docs/wire-contract.md),
 * what `send` and `sendToKafkaTopic` write carries an `id` header (a UUIDv7, time-ordered,
 * unless the message brings one) and, when a span is active, its `trace_context` (unless the
 * message brings one), so consumers' inboxes and traces work the same on them. `forward`
 * writes headers exactly as given: dead letters keep their original's.
 */
@Injectable()
export class KafkaesqueProducer {
  private producer: Producer | undefined;
  private connecting: Promise<Producer> | undefined;

  constructor(
    @Inject(KAFKAESQUE_KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKAESQUE_OPTIONS) private readonly options: KafkaesqueModuleOptions,
  ) {}

  /** Sends to `<prefix>.<topic>`; `topic` is given without prefix. */
  send(topic: string, messages: readonly ProducedMessage[]): Promise<RecordMetadata[]> {
    return this.sendToKafkaTopic(withPrefix(this.options.prefix, topic), messages);
  }

  /** Sends to a topic named exactly as given (prefix included). */
  sendToKafkaTopic(kafkaTopic: string, messages: readonly ProducedMessage[]): Promise<RecordMetadata[]> {
    const traceContext = currentTraceContext();
    return this.write(
      KAFKAESQUE_CHANNELS.produce,
      kafkaTopic,
      messages.map((m) => ({ ...m, headers: stamped(m.headers, traceContext) })),
    );
  }

  /** Writes records as they are, headers included (no `id` or `trace_context` added): dead letters. */
  forward(kafkaTopic: string, messages: readonly ProducedMessage[]): Promise<RecordMetadata[]> {
    return this.write(KAFKAESQUE_CHANNELS.deadLetterProduce, kafkaTopic, messages);
  }

  /** Writes and publishes the write (or its failure) on `channel`. */
  private async write(
    channel: string,
    kafkaTopic: string,
    messages: readonly ProducedMessage[],
  ): Promise<RecordMetadata[]> {
    const started = performance.now();
    const event = (error?: unknown): ProduceEvent => ({
      kafkaTopic,
      messages: messages.length,
      durationMs: performance.now() - started,
      ...(error === undefined ? {} : { error }),
    });
    try {
      const written = await this.kafkajsSend(kafkaTopic, messages);
      publish<ProduceEvent>(channel, () => event());
      return written;
    } catch (error) {
      publish<ProduceEvent>(channel, () => event(error));
      throw error;
    }
  }

  private async kafkajsSend(
    kafkaTopic: string,
    messages: readonly ProducedMessage[],
  ): Promise<RecordMetadata[]> {
    const producer = await this.connected();
    return producer.send({
      topic: kafkaTopic,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key ?? null,
        value: m.value,
        // kafkajs writes a null header value as a null (it reads them back that way too).
        headers: m.headers as IHeaders | undefined,
        partition: m.partition,
        timestamp: m.timestamp,
      })),
    });
  }

  async disconnect(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    this.producer = undefined;
    if (!connecting) return;
    const producer = await connecting.catch(() => undefined);
    await producer?.disconnect();
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    if (!this.connecting) {
      const producer = this.kafka.producer(kafkaProducerConfig({ allowAutoTopicCreation: true }));
      this.connecting = producer.connect().then(
        () => (this.producer = producer),
        (error: unknown) => {
          this.connecting = undefined;
          throw error;
        },
      );
    }
    return this.connecting;
  }
}

/** A message's headers plus `id` and `trace_context` where it has none (a null value counts as set). */
export function stamped(headers: KafkaHeaders | undefined, traceContext: string | null): KafkaHeaders {
  const own: Record<string, KafkaHeaders[string]> = { ...headers };
  if (!('id' in own)) own['id'] = uuidv7();
  if (traceContext !== null && !('trace_context' in own)) own['trace_context'] = traceContext;
  return own;
}
