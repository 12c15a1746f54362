import {
  BadRequestException,
  ForbiddenException,
  InternalServerErrorException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { RawRecord } from '../interfaces/raw-record.interface';
import { backoffDelay } from './backoff';
import {
  deadLetterHeaders,
  DLQ_HEADERS,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_ERROR_STACK_LENGTH,
} from './dead-letter-headers';
import { isRetriable } from './is-retriable';

const record: RawRecord = {
  topic: 'dev.orders',
  partition: 2,
  offset: '9',
  key: null,
  value: null,
  headers: { [DLQ_HEADERS.attempts]: 'stale', original: 'kept' },
  timestamp: '1700000000000',
};

describe('dead-letter headers', () => {
  it('bound the error message and stack, and replace the dlq headers of a record that failed before', () => {
    const error = new Error('m'.repeat(10_000));
    error.stack = 's'.repeat(100_000);
    const headers = deadLetterHeaders(record, {
      error,
      attempts: 3,
      kafkaGroupId: 'dev.g',
      failedAt: new Date(0),
    });
    expect((headers[DLQ_HEADERS.errorMessage] as string).length).toBe(MAX_ERROR_MESSAGE_LENGTH);
    expect((headers[DLQ_HEADERS.errorStack] as string).length).toBe(MAX_ERROR_STACK_LENGTH);
    expect(headers[DLQ_HEADERS.errorStack]).toMatch(/\.\.\. \[truncated\]$/);
    expect(headers).toMatchObject({
      original: 'kept',
      [DLQ_HEADERS.attempts]: '3',
      [DLQ_HEADERS.failedAt]: '1970-01-01T00:00:00.000Z',
    });
  });

  it('describe a thrown non-Error too', () => {
    const headers = deadLetterHeaders(record, {
      error: 'just a string',
      attempts: 1,
      kafkaGroupId: 'dev.g',
      failedAt: new Date(0),
    });
    expect(headers).toMatchObject({
      [DLQ_HEADERS.errorClass]: 'string',
      [DLQ_HEADERS.errorMessage]: 'just a string',
      [DLQ_HEADERS.errorStack]: '',
    });
  });
});

describe('retry policy', () => {
  it('doubles the backoff from the initial delay up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, 100, 1_000))).toEqual([
      100, 200, 400, 800, 1_000,
    ]);
  });

  it('retries everything but errors that say they are not retriable', () => {
    expect(isRetriable(new Error('x'))).toBe(true);
    expect(isRetriable('thrown string')).toBe(true);
    expect(isRetriable(Object.assign(new Error('x'), { retriable: false }))).toBe(false);
    expect(isRetriable(Object.assign(new Error('x'), { retriable: true }))).toBe(true);
  });

  it("never retries Nest's 4xx exceptions (a guard's or a pipe's rejection); retries 5xx ones", () => {
    expect(isRetriable(new ForbiddenException())).toBe(false);
    expect(isRetriable(new BadRequestException('name must be a string'))).toBe(false);
    expect(isRetriable(new ServiceUnavailableException())).toBe(true);
    expect(isRetriable(new InternalServerErrorException())).toBe(true);
  });
});
