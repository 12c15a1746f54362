import { Inject } from '@nestjs/common';
import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AddOnQueries } from '@my-service/domain';
import { assertActsForProvider, CurrentUser, valueOrThrow, type UserCaller } from '@platform/web-helpers';
import { ADD_ON_ERRORS } from './add-on-errors';
import { AddOn } from './add-on.model';
import { addOnListComplexity } from './list-complexity';
import { Provider } from './provider.model';

/** The provider as an entry point; its fields are resolved only after `provider(id)` checked the caller acts for it. */
@Resolver(() => Provider)
export class ProviderResolver {
  constructor(@Inject(AddOnQueries) private readonly queries: AddOnQueries) {}

  @Query(() => Provider, { description: 'A provider you act for; without `id`, the one in your token.' })
  provider(
    @CurrentUser() user: UserCaller,
    @Args('id', { type: () => ID, nullable: true }) id?: string,
  ): Provider {
    const providerId = id ?? user.providerId;
    assertActsForProvider(user, providerId);
    return { id: providerId };
  }

  @ResolveField(() => [AddOn], { complexity: addOnListComplexity })
  async addOns(@Parent() provider: Provider): Promise<AddOn[]> {
    return valueOrThrow(await this.queries.listForProvider(provider.id), ADD_ON_ERRORS);
  }

  @ResolveField(() => AddOn, {
    nullable: true,
    description: 'null when the provider never enabled this add-on.',
  })
  async addOn(@Parent() provider: Provider, @Args('code') code: string): Promise<AddOn | null> {
    const result = await this.queries.get(provider.id, code);
    if (!result.ok && result.error.code === 'ADD_ON_NOT_FOUND') return null;
    return valueOrThrow(result, ADD_ON_ERRORS);
  }
}
