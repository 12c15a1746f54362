import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import type { AddOnView } from '@my-service/domain';

@ObjectType({ description: 'An optional paid feature and whether the provider has it enabled.' })
export class AddOn implements AddOnView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  providerId!: string;

  @Field({ description: 'Stable identifier, e.g. online_payments.' })
  code!: string;

  @Field({ description: 'Name for people, from the catalog.' })
  name!: string;

  @Field()
  enabled!: boolean;

  @Field({ description: 'Who made the last change (user or service id).' })
  changedBy!: string;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}
