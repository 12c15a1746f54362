import { Injectable, Logger } from '@nestjs/common';
import { EnableAddOnCommand, type ChangeAddOnInput } from '@my-service/domain';
import type { JobDefinition } from './job.definition';

/**
 * Enables an add-on later (a trial that starts on a date, a bulk change from the back office).
 * A domain refusal is final and not retried; anything else (database down) is retried.
 */
@Injectable()
export class EnableAddOnJob implements JobDefinition<ChangeAddOnInput> {
  readonly name = 'add-ons.enable';
  readonly retryLimit = 5;
  readonly retryDelaySeconds = 5;
  private readonly logger = new Logger('EnableAddOnJob');

  constructor(private readonly enable: EnableAddOnCommand) {}

  async handle(data: ChangeAddOnInput): Promise<void> {
    const result = await this.enable.execute(data);
    if (!result.ok) this.logger.warn(`not enabled (${result.error.code}): ${result.error.message}`);
  }
}
