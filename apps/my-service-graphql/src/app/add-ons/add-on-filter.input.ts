import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'Every condition given must hold; lists match any of their values.' })
export class AddOnFilter {
  @Field(() => [ID], { nullable: true })
  providerIds?: string[];

  @Field(() => [String], { nullable: true })
  codes?: string[];

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean;

  @Field(() => String, { nullable: true, description: 'Who made the last change.' })
  changedBy?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Changed at or after.' })
  updatedFrom?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Changed before.' })
  updatedBefore?: Date;
}
