import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ADD_ON_CATALOG, AddOnQueries, DisableAddOnCommand, EnableAddOnCommand } from '@my-service/domain';
import { assertActsForProvider, CurrentUser, valueOrThrow, type UserCaller } from '@platform/web-helpers';
import { AddOnCatalogEntry } from './add-on-catalog-entry.model';
import { ADD_ON_ERRORS } from './add-on-errors';
import { AddOn } from './add-on.model';
import { ChangeAddOnInput } from './change-add-on.input';
import { addOnListComplexity } from './list-complexity';
import { Provider } from './provider.model';

/**
 * Add-ons of the caller's provider. Every operation requires a verified user (the app-wide
 * guard) acting for the provider it names (FORBIDDEN otherwise); changes go through the domain
 * commands, so each one writes its outbox event in the same transaction.
 */
@Resolver(() => AddOn)
export class AddOnsResolver {
  constructor(
    @Inject(AddOnQueries) private readonly queries: AddOnQueries,
    @Inject(EnableAddOnCommand) private readonly enableCommand: EnableAddOnCommand,
    @Inject(DisableAddOnCommand) private readonly disableCommand: DisableAddOnCommand,
  ) {}

  @Query(() => [AddOn], {
    description: "The provider's add-ons (those it ever enabled, enabled or not), by code.",
    complexity: addOnListComplexity,
  })
  async addOns(
    @CurrentUser() user: UserCaller,
    @Args('providerId', { type: () => ID }) providerId: string,
  ): Promise<AddOn[]> {
    assertActsForProvider(user, providerId);
    return valueOrThrow(await this.queries.listForProvider(providerId), ADD_ON_ERRORS);
  }

  @Query(() => [AddOnCatalogEntry], { description: 'Every add-on a provider can enable.' })
  addOnCatalog(): AddOnCatalogEntry[] {
    return Object.entries(ADD_ON_CATALOG).map(([code, name]) => ({ code, name }));
  }

  @Mutation(() => AddOn, { description: 'Enables an add-on; CONFLICT (ADD_ON_ALREADY_ENABLED) if it is.' })
  async enableAddOn(@CurrentUser() user: UserCaller, @Args('input') input: ChangeAddOnInput): Promise<AddOn> {
    assertActsForProvider(user, input.providerId);
    const result = await this.enableCommand.execute({
      providerId: input.providerId,
      code: input.code,
      actorId: user.userId,
    });
    return valueOrThrow(result, ADD_ON_ERRORS);
  }

  @Mutation(() => AddOn, { description: 'Disables an add-on; CONFLICT (ADD_ON_ALREADY_DISABLED) if it is.' })
  async disableAddOn(
    @CurrentUser() user: UserCaller,
    @Args('input') input: ChangeAddOnInput,
  ): Promise<AddOn> {
    assertActsForProvider(user, input.providerId);
    const result = await this.disableCommand.execute({
      providerId: input.providerId,
      code: input.code,
      actorId: user.userId,
    });
    return valueOrThrow(result, ADD_ON_ERRORS);
  }

  @ResolveField(() => Provider)
  provider(@Parent() addOn: AddOn): Provider {
    return { id: addOn.providerId };
  }
}
