import { getOption, hasOption, ScalarType } from '@bufbuild/protobuf';
import type { DescExtension, DescField, DescFile, DescMessage, DescOneof } from '@bufbuild/protobuf';
import { EventCatalogError } from './event-catalog.error';
import { PARTITION_KEY_OPTION, TOPIC_OPTION, type KafkaOptions } from './kafka-options';
import { topicKey } from './topic-key';

/** One oneof case of an envelope: an event that can travel on the topic. */
export interface CatalogEvent {
  /** The oneof case in protobuf-es, e.g. "addOnEnabled". */
  caseName: string;
  /** The proto field name, which is the outbox's event_type, e.g. "add_on_enabled". */
  eventType: string;
  /** protobuf-es name of the event's partition key field, e.g. "providerId". */
  partitionKey: string;
}

/** One topic: its envelope and the events the envelope's oneof can hold. */
export interface CatalogTopic {
  key: string;
  topic: string;
  envelope: DescMessage;
  oneof: DescOneof;
  events: CatalogEvent[];
}

// Lower-case words joined by dots and dashes; no environment prefix can be told apart
// from a service name, so the rule only keeps out spaces, case and stray characters.
const TOPIC_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/**
 * Finds every envelope (a message with the topic option) in the files to generate and
 * checks the rules the catalog relies on; throws an EventCatalogError listing all problems.
 */
export function collectTopics(files: readonly DescFile[], options: KafkaOptions): CatalogTopic[] {
  const problems: string[] = [];
  const topics: CatalogTopic[] = [];
  for (const message of files.flatMap((file) => allMessages(file.messages))) {
    const topic = options.topic && readTopic(message, options.topic);
    if (topic === undefined) {
      if (looksLikeEnvelope(message)) problems.push(`${message.typeName} has no (${TOPIC_OPTION}) option`);
      continue;
    }
    const found = envelopeTopic(message, topic, options.partitionKey, problems);
    if (found) topics.push(found);
  }
  problems.push(...duplicates(topics, (t) => t.topic, 'topic'));
  // Two topics can spell the same key ("a.b" and "a-b"); a repeated topic is reported above.
  const distinctTopics = [...new Map(topics.map((t) => [t.topic, t])).values()];
  problems.push(...duplicates(distinctTopics, (t) => t.key, 'catalog key'));
  if (problems.length > 0) throw new EventCatalogError(problems);
  // Plain code-unit order, not localeCompare: the output must not depend on the machine.
  return topics.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function envelopeTopic(
  envelope: DescMessage,
  topic: string,
  partitionKeyOption: DescExtension | undefined,
  problems: string[],
): CatalogTopic | undefined {
  const where = `${envelope.typeName} (topic "${topic}")`;
  const before = problems.length;
  if (!TOPIC_PATTERN.test(topic))
    problems.push(`${where}: topic must be lower-case words joined by "." or "-"`);
  if (envelope.parent) problems.push(`${where}: an envelope is a top-level message`);
  const [oneof, ...otherOneofs] = envelope.oneofs;
  if (!oneof || otherOneofs.length > 0) problems.push(`${where}: an envelope has exactly one oneof`);
  if (envelope.fields.some((field) => field.oneof === undefined || field.oneof !== oneof)) {
    problems.push(`${where}: every envelope field belongs to its oneof`);
  }
  const events = (oneof?.fields ?? []).map((field) =>
    catalogEvent(where, field, partitionKeyOption, problems),
  );
  if (problems.length > before || !oneof) return undefined;
  return { key: topicKey(topic), topic, envelope, oneof, events: events.filter((e) => e !== undefined) };
}

function catalogEvent(
  where: string,
  field: DescField,
  partitionKeyOption: DescExtension | undefined,
  problems: string[],
): CatalogEvent | undefined {
  if (field.fieldKind !== 'message') {
    problems.push(`${where}: oneof case ${field.name} must be an event message`);
    return undefined;
  }
  const keys = field.message.fields.filter((f) => partitionKeyOption && readFlag(f, partitionKeyOption));
  const [key] = keys;
  if (keys.length !== 1 || key.fieldKind !== 'scalar' || key.scalar !== ScalarType.STRING) {
    problems.push(
      `${where}: event ${field.message.typeName} needs exactly one string field marked (${PARTITION_KEY_OPTION}) = true`,
    );
    return undefined;
  }
  return { caseName: field.localName, eventType: field.name, partitionKey: key.localName };
}

function allMessages(messages: readonly DescMessage[]): DescMessage[] {
  return messages.flatMap((m) => [m, ...allMessages(m.nestedMessages)]);
}

// An EventEnvelope under a kafka/ package without a topic would silently miss the
// catalog, and with it the outbox writer's and decoders' checks.
function looksLikeEnvelope(message: DescMessage): boolean {
  return message.name === 'EventEnvelope' && message.typeName.includes('.kafka.');
}

// The options were found by name, so their value types are only known at run time.
function readTopic(message: DescMessage, option: DescExtension): string | undefined {
  return hasOption(message, option) ? String(getOption(message, option)) : undefined;
}

function readFlag(field: DescField, option: DescExtension): boolean {
  return hasOption(field, option) && getOption(field, option) === true;
}

function duplicates(topics: CatalogTopic[], keyOf: (t: CatalogTopic) => string, what: string): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const t of topics) {
    const other = seen.get(keyOf(t));
    if (other) problems.push(`${what} "${keyOf(t)}" is used by both ${other} and ${t.envelope.typeName}`);
    seen.set(keyOf(t), t.envelope.typeName);
  }
  return problems;
}
