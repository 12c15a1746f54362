import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A provider (a business) the caller acts for.' })
export class Provider {
  @Field(() => ID)
  id!: string;
}
