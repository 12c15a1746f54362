import {
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GrpcServer } from './grpc-server';
import { GRPC_SERVER_OPTIONS, type GrpcServerOptions } from './grpc-server.options';
import { RPC_AUTHENTICATOR, ServiceTokenAuthenticator } from './rpc-authenticator';

export interface GrpcServerModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => GrpcServerOptions | Promise<GrpcServerOptions>;
}

/**
 * Serves every `@GrpcService` provider of the app over gRPC, with health and reflection;
 * authentication is the service token unless {@link RPC_AUTHENTICATOR} is overridden.
 * Requires HeartbeatsModule.
 */
@Module({})
export class GrpcServerModule {
  static forRoot(options: GrpcServerOptions): DynamicModule {
    return GrpcServerModule.build({ provide: GRPC_SERVER_OPTIONS, useValue: options }, []);
  }

  static forRootAsync(options: GrpcServerModuleAsyncOptions): DynamicModule {
    return GrpcServerModule.build(
      {
        provide: GRPC_SERVER_OPTIONS,
        inject: options.inject ?? [],
        useFactory: (...args: unknown[]) => options.useFactory(...(args as never[])),
      },
      options.imports ?? [],
    );
  }

  private static build(
    optionsProvider: Provider,
    imports: NonNullable<ModuleMetadata['imports']>,
  ): DynamicModule {
    return {
      module: GrpcServerModule,
      imports: [DiscoveryModule, ...imports],
      providers: [
        optionsProvider,
        { provide: RPC_AUTHENTICATOR, useClass: ServiceTokenAuthenticator },
        GrpcServer,
      ],
      exports: [GrpcServer, GRPC_SERVER_OPTIONS],
    };
  }
}
