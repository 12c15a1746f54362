import { Field, Int, ObjectType } from '@nestjs/graphql';
import { AddOn } from './add-on.model';

@ObjectType()
export class PageInfo {
  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on an empty page.',
  })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType({ description: 'One page of add-ons, ordered by provider then code.' })
export class AddOnPage {
  @Field(() => [AddOn])
  nodes!: AddOn[];

  @Field(() => Int, { description: 'How many add-ons match the filter, over all pages.' })
  totalCount!: number;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
