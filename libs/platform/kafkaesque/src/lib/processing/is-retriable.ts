import { HttpException } from '@nestjs/common';

/**
 * Whether another attempt may help. Everything is retriable except NonRetriableError (and so
 * DecodeError), any error that says `retriable: false` about itself, as kafkajs errors do, and
 * Nest's 4xx HttpExceptions: a guard's rejection (ForbiddenException) or a pipe's
 * (BadRequestException) refuses the message itself, and would refuse it again.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof HttpException && error.getStatus() < 500) return false;
  return !(
    typeof error === 'object' &&
    error !== null &&
    (error as { retriable?: unknown }).retriable === false
  );
}
