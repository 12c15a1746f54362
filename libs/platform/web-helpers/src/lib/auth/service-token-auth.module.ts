import {
  ConfigurableModuleBuilder,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { ServiceTokenMiddleware } from './service-token.middleware';
import { ServiceTokenVerifier } from './service-token.verifier';

export interface ServiceTokenAuthOptions {
  /** Every token currently accepted (more than one while rotating). */
  tokens: readonly string[];
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
  new ConfigurableModuleBuilder<ServiceTokenAuthOptions>().setClassMethodName('forRoot').build();

/**
 * Internal-API authentication: `Authorization: Bearer <service token>` on every request
 * (ServiceTokenMiddleware), required on every GraphQL resolver not marked @Public (GraphqlAuthGuard).
 */
@Module({
  providers: [
    {
      provide: ServiceTokenVerifier,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: ServiceTokenAuthOptions) => new ServiceTokenVerifier(options.tokens),
    },
    ServiceTokenMiddleware,
    { provide: APP_GUARD, useClass: GraphqlAuthGuard },
  ],
  exports: [ServiceTokenVerifier],
})
export class ServiceTokenAuthModule extends ConfigurableModuleClass implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ServiceTokenMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
