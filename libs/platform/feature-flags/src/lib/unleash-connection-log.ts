import type { Logger } from '@nestjs/common';
import type { EventEmitter } from 'node:events';

const MAX_DISTINCT_WARNINGS = 100;

/**
 * Turns unleash-client's `error` and `warn` events into a few log lines: one when Unleash
 * stops answering (not one per refresh, every second in tests), one when it answers again,
 * and each distinct warning once. A rejected token is an error: unleash-client then stops
 * refreshing for good, and the flags stay at their last values until a restart.
 */
export class UnleashConnectionLog {
  private failing = false;
  private fetching = false;
  private readonly warned = new Set<string>();

  constructor(
    unleash: EventEmitter,
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    unleash.on('error', (error: Error) => this.failed(error));
    unleash.on('warn', (message: unknown) => this.warn(String(message)));
    // The bootstrap file also emits `changed`, but only while starting: answers count after that.
    unleash.on('changed', () => this.answered());
    unleash.on('unchanged', () => this.answered());
  }

  /** From now on every `changed` is an answer of the server. */
  started(): void {
    this.fetching = true;
  }

  private failed(error: Error): void {
    if (/responded 40[13]\b/.test(error.message)) {
      this.logger.error(
        `Unleash at ${this.url} rejects the API token, flags stay as they are until a restart: ${error.message}`,
      );
      return;
    }
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(
      `Unleash at ${this.url} does not answer, flags keep their last known values (the bootstrap file's if it never answered): ${error.message}`,
    );
  }

  private answered(): void {
    if (!this.fetching || !this.failing) return;
    this.failing = false;
    this.logger.log(`Unleash at ${this.url} answers again`);
  }

  private warn(message: string): void {
    if (this.warned.has(message) || this.warned.size >= MAX_DISTINCT_WARNINGS) return;
    this.warned.add(message);
    this.logger.warn(`unleash-client: ${message}`);
  }
}
