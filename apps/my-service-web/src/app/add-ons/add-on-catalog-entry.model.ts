import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'An add-on a provider can enable.' })
export class AddOnCatalogEntry {
  @Field()
  code!: string;

  @Field()
  name!: string;
}
