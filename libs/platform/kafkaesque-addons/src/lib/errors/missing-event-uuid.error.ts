import { NonRetriableError } from '@platform/kafkaesque';

/**
 * A message whose event uuid is missing or not a uuid: it cannot be deduplicated, and another
 * attempt will not give it one, so it goes to the dead-letter topic (or blocks).
 */
export class MissingEventUuidError extends NonRetriableError {
  constructor(where: string, found: unknown) {
    super(`${where} has no valid event uuid (found ${describe(found)}); check the plugin's uuidOf`);
    this.name = 'MissingEventUuidError';
  }
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
