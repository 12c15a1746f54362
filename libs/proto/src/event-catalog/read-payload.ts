import type { EnvelopeOf, TopicEntry } from './topic-entry.types';

/** An envelope's oneof as plain data: the set case and its event message. */
export interface RawPayload {
  case: string | undefined;
  value: Record<string, unknown> | undefined;
}

/**
 * Reads the envelope's oneof by the name the catalog records. The name is data, not a
 * literal, so this is the one place that steps outside the generated types.
 */
export function readPayload<E extends TopicEntry>(entry: E, envelope: EnvelopeOf<E>): RawPayload {
  const oneof = (envelope as unknown as Record<string, Partial<RawPayload> | undefined>)[entry.oneof];
  return { case: oneof?.case, value: oneof?.value };
}
