import { NonRetriableError } from './non-retriable.error';

/**
 * A record that its topic's decoder cannot turn into a message: bad JSON, a missing field,
 * bad base64, bytes that are not the schema, an event_type that disagrees with the payload.
 * Never retried: the same bytes would fail the same way.
 */
export class DecodeError extends NonRetriableError {
  constructor(
    readonly decoder: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${decoder} cannot decode the record: ${reason}`, options);
    this.name = 'DecodeError';
  }
}
