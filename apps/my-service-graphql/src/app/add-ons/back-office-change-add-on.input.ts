import { Field, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'A change made by a back-office tool or another service.' })
export class BackOfficeChangeAddOnInput {
  @Field(() => ID)
  providerId!: string;

  @Field()
  code!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Who the change is made for (recorded on the row and in the event); defaults to the forwarded x-user-id header.',
  })
  actorId?: string;
}
