import { Module, type DynamicModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { AddOnsModule } from '@my-service/domain';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { graphqlServerOptions, ServiceTokenAuthModule } from '@platform/web-helpers';
import { AddOnSearch } from './add-ons/add-on-search.query';
import { AddOnsResolver } from './add-ons/add-ons.resolver';
import type { InternalApiOptions } from './internal-api.config';
import { OutboxBacklogQuery } from './outbox/outbox-backlog.query';
import { OutboxBacklogResolver } from './outbox/outbox-backlog.resolver';

const INTERNAL_API_OPTIONS = Symbol('INTERNAL_API_OPTIONS');

@Module({})
class InternalApiOptionsModule {}

/**
 * The internal GraphQL API at /graphql, for other services and back-office tools: service
 * tokens (ServiceTokenAuthModule), the same hardened server options and limits as the public
 * API (no introspection in production, no landing page outside dev). Needs ConfigModule and DatabaseModule.
 */
@Module({})
export class InternalApiModule {
  /** `options` turns the app's config into the API's settings (see internalApiConfig). */
  static forRoot(options: { useFactory: (config: AppConfig) => InternalApiOptions }): DynamicModule {
    const optionsModule: DynamicModule = {
      module: InternalApiOptionsModule,
      providers: [{ provide: INTERNAL_API_OPTIONS, inject: [APP_CONFIG], useFactory: options.useFactory }],
      exports: [INTERNAL_API_OPTIONS],
    };
    return {
      module: InternalApiModule,
      imports: [
        AddOnsModule,
        ServiceTokenAuthModule.forRootAsync({
          imports: [optionsModule],
          inject: [INTERNAL_API_OPTIONS],
          useFactory: (api: InternalApiOptions) => ({ tokens: api.serviceTokens }),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [optionsModule],
          inject: [APP_CONFIG, INTERNAL_API_OPTIONS],
          useFactory: (config: AppConfig, api: InternalApiOptions) =>
            graphqlServerOptions({ env: config.env, limits: api.limits }),
        }),
      ],
      providers: [AddOnSearch, AddOnsResolver, OutboxBacklogQuery, OutboxBacklogResolver],
    };
  }
}
