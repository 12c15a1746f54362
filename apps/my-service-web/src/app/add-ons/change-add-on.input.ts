import { Field, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'Which add-on to enable or disable, for which provider (the one in your token).' })
export class ChangeAddOnInput {
  @Field(() => ID)
  providerId!: string;

  @Field()
  code!: string;
}
