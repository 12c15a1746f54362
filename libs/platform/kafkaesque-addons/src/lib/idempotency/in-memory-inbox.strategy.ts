import type { MessageContext } from '@platform/kafkaesque';
import { InboxClaimHeldError } from '../errors/inbox-claim-held.error';
import type { InboxEntry, InboxRunResult, InboxStrategy } from './inbox-strategy.interface';

/**
 * The inbox in a Map, for consumers' unit tests (with KafkaesqueTestHarness): the same
 * contract as the real strategies, within one process and without expiry.
 */
export class InMemoryInboxStrategy implements InboxStrategy {
  readonly name = 'in-memory';
  private readonly entries = new Map<string, 'processing' | 'done'>();

  async run(
    entry: InboxEntry,
    _context: MessageContext,
    handler: () => Promise<void>,
  ): Promise<InboxRunResult> {
    const key = `${entry.consumerGroup}:inbox:${entry.eventUuid}`;
    const state = this.entries.get(key);
    if (state === 'done') return 'duplicate';
    if (state === 'processing') throw new InboxClaimHeldError(key, 'this process');
    this.entries.set(key, 'processing');
    try {
      await handler();
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
    this.entries.set(key, 'done');
    return 'processed';
  }

  /** Whether the event is marked done for the group (its Kafka name). */
  isDone(consumerGroup: string, eventUuid: string): boolean {
    return this.entries.get(`${consumerGroup}:inbox:${eventUuid.toLowerCase()}`) === 'done';
  }

  clear(): void {
    this.entries.clear();
  }
}
