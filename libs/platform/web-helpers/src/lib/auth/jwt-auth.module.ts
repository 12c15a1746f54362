import {
  ConfigurableModuleBuilder,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthHeadersMiddleware } from './auth-headers.middleware';
import { GraphqlAuthGuard } from './graphql-auth.guard';
import { JwtVerifier, type JwtVerificationOptions } from './jwt-verifier';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
  new ConfigurableModuleBuilder<JwtVerificationOptions>().setClassMethodName('forRoot').build();

/**
 * Public-API authentication: verifies the bearer JWT of every request (AuthHeadersMiddleware),
 * and requires a verified user on every GraphQL resolver not marked @Public (GraphqlAuthGuard).
 * `JwtAuthModule.forRootAsync({ inject: [...], useFactory: () => jwtOptions })`.
 */
@Module({
  providers: [
    {
      provide: JwtVerifier,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: JwtVerificationOptions) => JwtVerifier.create(options),
    },
    AuthHeadersMiddleware,
    { provide: APP_GUARD, useClass: GraphqlAuthGuard },
  ],
  exports: [JwtVerifier],
})
export class JwtAuthModule extends ConfigurableModuleClass implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthHeadersMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
