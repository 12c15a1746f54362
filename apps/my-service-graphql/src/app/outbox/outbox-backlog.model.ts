import { Field, Float, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Events still in outbox_events. A growing count or age means Debezium is not keeping up (or pruning is not running).',
})
export class OutboxBacklog {
  @Field(() => Int)
  count!: number;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the oldest row was written; null when empty.',
  })
  oldestEventAt!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Seconds since the oldest row was written; null when empty.',
  })
  oldestEventAgeSeconds!: number | null;
}
