import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  ADD_ON_CATALOG,
  AddOnQueries,
  DisableAddOnCommand,
  EnableAddOnCommand,
  type ChangeAddOnInput,
} from '@my-service/domain';
import { badUserInput, CurrentService, valueOrThrow, type ServiceCaller } from '@platform/web-helpers';
import { AddOnCatalogEntry } from './add-on-catalog-entry.model';
import { decodeCursor, encodeCursor } from './add-on-cursor';
import { ADD_ON_ERRORS } from './add-on-errors';
import { AddOnFilter } from './add-on-filter.input';
import { AddOn } from './add-on.model';
import { AddOnPage } from './add-on-page.model';
import { AddOnSearch } from './add-on-search.query';
import { BackOfficeChangeAddOnInput } from './back-office-change-add-on.input';

const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Back-office access to add-ons across providers. Every operation requires the service token
 * (the app-wide guard); changes go through the domain commands, so each writes its outbox event.
 */
@Resolver(() => AddOn)
export class AddOnsResolver {
  constructor(
    @Inject(AddOnSearch) private readonly addOnSearch: AddOnSearch,
    @Inject(AddOnQueries) private readonly queries: AddOnQueries,
    @Inject(EnableAddOnCommand) private readonly enableCommand: EnableAddOnCommand,
    @Inject(DisableAddOnCommand) private readonly disableCommand: DisableAddOnCommand,
  ) {}

  @Query(() => AddOnPage, {
    description: `Add-ons of any provider, filtered, by provider then code; \`first\` is 1-${MAX_PAGE_SIZE}.`,
    complexity: ({ args, childComplexity }) =>
      1 + Number(args['first'] ?? DEFAULT_PAGE_SIZE) * childComplexity,
  })
  async addOns(
    @Args('filter', { type: () => AddOnFilter, nullable: true }) filter: AddOnFilter | undefined,
    @Args('first', { type: () => Int, defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | undefined,
  ): Promise<AddOnPage> {
    const problems: Record<string, string> = {};
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
      problems['first'] = `must be between 1 and ${MAX_PAGE_SIZE}`;
    const cursor = after == null ? undefined : decodeCursor(after);
    if (after != null && (!cursor || !UUID.test(cursor.providerId)))
      problems['after'] = 'must be an endCursor returned by this query';
    if (filter?.providerIds?.some((id) => !UUID.test(id)))
      problems['filter.providerIds'] = 'must all be UUIDs';
    if (Object.keys(problems).length > 0) throw badUserInput(problems);

    const result = await this.addOnSearch.search(filter ?? {}, { first, after: cursor });
    return {
      nodes: result.nodes,
      totalCount: result.totalCount,
      pageInfo: { endCursor: result.last && encodeCursor(result.last), hasNextPage: result.hasNextPage },
    };
  }

  @Query(() => AddOn, {
    nullable: true,
    description: 'One add-on of one provider; null when it was never enabled.',
  })
  async addOn(
    @Args('providerId', { type: () => ID }) providerId: string,
    @Args('code') code: string,
  ): Promise<AddOn | null> {
    const result = await this.queries.get(providerId, code);
    if (!result.ok && result.error.code === 'ADD_ON_NOT_FOUND') return null;
    return valueOrThrow(result, ADD_ON_ERRORS);
  }

  @Query(() => [AddOnCatalogEntry], { description: 'Every add-on a provider can enable.' })
  addOnCatalog(): AddOnCatalogEntry[] {
    return Object.entries(ADD_ON_CATALOG).map(([code, name]) => ({ code, name }));
  }

  @Mutation(() => AddOn, {
    description: 'Enables an add-on for a provider; CONFLICT (ADD_ON_ALREADY_ENABLED) if it is.',
  })
  async enableAddOn(
    @CurrentService() service: ServiceCaller,
    @Args('input') input: BackOfficeChangeAddOnInput,
  ): Promise<AddOn> {
    return valueOrThrow(await this.enableCommand.execute(commandInput(service, input)), ADD_ON_ERRORS);
  }

  @Mutation(() => AddOn, {
    description: 'Disables an add-on for a provider; CONFLICT (ADD_ON_ALREADY_DISABLED) if it is.',
  })
  async disableAddOn(
    @CurrentService() service: ServiceCaller,
    @Args('input') input: BackOfficeChangeAddOnInput,
  ): Promise<AddOn> {
    return valueOrThrow(await this.disableCommand.execute(commandInput(service, input)), ADD_ON_ERRORS);
  }
}

/** The actor is who the calling service says it acts for: the input's actorId, else its forwarded x-user-id. */
function commandInput(service: ServiceCaller, input: BackOfficeChangeAddOnInput): ChangeAddOnInput {
  const actorId = input.actorId?.trim() || service.forwardedUserId;
  if (!actorId) throw badUserInput({ actorId: 'is required: pass actorId or forward the x-user-id header' });
  return { providerId: input.providerId, code: input.code, actorId };
}
