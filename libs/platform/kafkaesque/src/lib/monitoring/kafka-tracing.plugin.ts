import type { MessageContext } from '../interfaces/message-context.interface';
import type { MessagePlugin, NextFn } from '../interfaces/message-plugin.interface';
import type { KafkaHeaderValue } from '../interfaces/raw-record.interface';
import { withLogFields, type LogFields } from '@platform/monitor';
import { continueTrace, type SpanTags } from '@platform/monitor';

/** The Kafka header that carries the producing span's context (docs/wire-contract.md). */
export const TRACE_CONTEXT_HEADER = 'trace_context';

export interface KafkaTracingPluginOptions {
  /** The span's operation name. Default `kafka.consume`. */
  readonly spanName?: string;
}

/**
 * A kafkaesque plugin that runs the rest of the chain (the topic's plugins, guards,
 * interceptors, the handler) in a `kafka.consume` span continuing the trace of the
 * `trace_context` header, so the handler's spans are children of the span that wrote the
 * outbox row, one trace across the CDC hop. A null, absent or unreadable header gives a new
 * root span; the message is handled either way. Every JsonLogger line written inside carries
 * `consumer_group`, `topic`, `partition`, `offset`, `event_uuid`, `event_type`, `attempt`
 * and the span's ids. Each attempt gets its own span; a failed one is marked as an error.
 *
 * Enable it once per app: `KafkaesqueModule.forRoot({ ..., plugins: [new KafkaTracingPlugin()] })`.
 */
export class KafkaTracingPlugin implements MessagePlugin {
  readonly name = 'KafkaTracingPlugin';
  private readonly spanName: string;

  constructor(options: KafkaTracingPluginOptions = {}) {
    this.spanName = options.spanName ?? 'kafka.consume';
  }

  handle(message: unknown, context: MessageContext, next: NextFn): Promise<void> {
    const { record } = context;
    const eventUuid = eventUuidOf(message, context);
    const tags: SpanTags = {
      'resource.name': context.eventType ? `${context.topic} ${context.eventType}` : context.topic,
      'span.type': 'worker',
      'span.kind': 'consumer',
      component: 'kafkaesque',
      'messaging.system': 'kafka',
      'messaging.operation': 'process',
      'messaging.destination.name': record.topic,
      'messaging.kafka.consumer_group': context.kafkaGroupId,
      'messaging.kafka.partition': context.partition,
      'messaging.kafka.message.offset': context.offset,
      'messaging.message.id': eventUuid,
      'kafka.event_type': context.eventType,
      'kafka.attempt': context.attempt,
    };
    const fields: LogFields = {
      consumer_group: context.kafkaGroupId,
      topic: record.topic,
      partition: context.partition,
      offset: context.offset,
      event_uuid: eventUuid,
      event_type: context.eventType,
      attempt: context.attempt,
    };
    return continueTrace(headerText(record.headers[TRACE_CONTEXT_HEADER]), this.spanName, defined(tags), () =>
      withLogFields(defined(fields), () => next()),
    );
  }
}

/** A header's value as text: the last non-null one when the name repeats; undefined when null or absent. */
export function headerText(value: KafkaHeaderValue): string | undefined {
  const last = Array.isArray(value) ? value.filter((v) => v !== null && v !== undefined).at(-1) : value;
  if (last === null || last === undefined) return undefined;
  return typeof last === 'string' ? last : last.toString('utf8');
}

/** DebeziumEvent's `eventUuid`, else the EventRouter's `id` header. */
function eventUuidOf(message: unknown, context: MessageContext): string | undefined {
  if (typeof message === 'object' && message !== null) {
    const uuid = (message as { eventUuid?: unknown }).eventUuid;
    if (typeof uuid === 'string' && uuid !== '') return uuid;
  }
  return headerText(context.record.headers['id']);
}

function defined<T extends Record<string, unknown>>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}
