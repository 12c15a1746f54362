import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule, type AppConfig } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import { MonitorModule } from '@platform/monitor';
import { internalApiConfig, type InternalApiOptions } from './internal-api.config';
import { InternalApiModule } from './internal-api.module';

export const APP_NAME = 'my-service-graphql';

/**
 * The app's modules. Tests pass a ready-made `config` (e.g. production mode) and `api`
 * settings; main.ts uses the defaults, which read both from the environment.
 */
export function appImports(
  overrides: { config?: AppConfig; api?: (config: AppConfig) => InternalApiOptions } = {},
): Array<Type<unknown> | DynamicModule> {
  return [
    ConfigModule.forRoot({ app: APP_NAME, config: overrides.config }),
    MonitorModule.forRoot({ service: APP_NAME }),
    HeartbeatsModule.forRoot(),
    DatabaseModule.forRoot(),
    InternalApiModule.forRoot({ useFactory: overrides.api ?? ((config) => internalApiConfig(config)) }),
  ];
}

/** Internal GraphQL API for other services and back-office tools. */
@Module({ imports: appImports() })
export class AppModule {}
