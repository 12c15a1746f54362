import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { OutboxBacklog } from './outbox-backlog.model';
import { OutboxBacklogQuery } from './outbox-backlog.query';

@Resolver(() => OutboxBacklog)
export class OutboxBacklogResolver {
  constructor(@Inject(OutboxBacklogQuery) private readonly backlog: OutboxBacklogQuery) {}

  @Query(() => OutboxBacklog, {
    description: 'How many events wait in the outbox and how old the oldest is.',
  })
  outboxBacklog(): Promise<OutboxBacklog> {
    return this.backlog.read();
  }
}
