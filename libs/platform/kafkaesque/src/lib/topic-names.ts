/** kafkaesque's `kafka_prefix_prepend`: `<prefix>.<name>`; an empty prefix leaves names alone. */
export function withPrefix(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

/** The name without `<prefix>.`, or the name itself when it does not carry the prefix. */
export function withoutPrefix(prefix: string, name: string): string {
  return prefix && name.startsWith(`${prefix}.`) ? name.slice(prefix.length + 1) : name;
}

/** The dead-letter topic of a topic unless configured otherwise (both without prefix). */
export function defaultDeadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
