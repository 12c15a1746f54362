import { Module, type DynamicModule } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { AddOnsModule } from '@my-service/domain';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { graphqlServerOptions, JwtAuthModule } from '@platform/web-helpers';
import { AddOnsResolver } from './add-ons/add-ons.resolver';
import { ProviderResolver } from './add-ons/provider.resolver';
import type { PublicApiOptions } from './public-api.config';

const PUBLIC_API_OPTIONS = Symbol('PUBLIC_API_OPTIONS');

@Module({})
class PublicApiOptionsModule {}

/**
 * The public GraphQL API at /graphql: user JWTs (JwtAuthModule), the hardened server options
 * of web-helpers, and the add-on resolvers over the domain. Needs ConfigModule and DatabaseModule.
 */
@Module({})
export class PublicApiModule {
  /** `options` turns the app's config into the API's settings (see publicApiConfig). */
  static forRoot(options: { useFactory: (config: AppConfig) => PublicApiOptions }): DynamicModule {
    const optionsModule: DynamicModule = {
      module: PublicApiOptionsModule,
      providers: [{ provide: PUBLIC_API_OPTIONS, inject: [APP_CONFIG], useFactory: options.useFactory }],
      exports: [PUBLIC_API_OPTIONS],
    };
    return {
      module: PublicApiModule,
      imports: [
        AddOnsModule,
        JwtAuthModule.forRootAsync({
          imports: [optionsModule],
          inject: [PUBLIC_API_OPTIONS],
          useFactory: (api: PublicApiOptions) => api.jwt,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [optionsModule],
          inject: [APP_CONFIG, PUBLIC_API_OPTIONS],
          useFactory: (config: AppConfig, api: PublicApiOptions) =>
            graphqlServerOptions({ env: config.env, limits: api.limits }),
        }),
      ],
      providers: [AddOnsResolver, ProviderResolver],
    };
  }
}
