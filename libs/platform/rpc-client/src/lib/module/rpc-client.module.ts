import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import {
  RPC_CLIENT_MODULE_OPTIONS,
  rpcClientToken,
  type RpcClientModuleOptions,
} from './rpc-client.module.options';
import { RpcClientRegistry } from './rpc-client.registry';

export interface RpcClientModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** The names of the clients `useFactory` will define: the DI tokens must be known up front. */
  clientNames: readonly string[];
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => RpcClientModuleOptions | Promise<RpcClientModuleOptions>;
}

/**
 * Typed gRPC clients for the app, one per configured service, each injectable with
 * `@InjectRpcClient(name)`. Global: configure once in the app module.
 *
 * ```ts
 * RpcClientModule.forRoot({
 *   clients: [{ name: 'add-ons', service: AddOnsService, address: '127.0.0.1:50051', deadlineMs: 2000, token }],
 * })
 * ```
 */
@Global()
@Module({})
export class RpcClientModule {
  static forRoot(options: RpcClientModuleOptions): DynamicModule {
    return RpcClientModule.build(
      options.clients.map((c) => c.name),
      { provide: RPC_CLIENT_MODULE_OPTIONS, useValue: options },
      [],
    );
  }

  /** For addresses and tokens that come from config: `inject: [APP_CONFIG], useFactory: (config) => ({ clients })`. */
  static forRootAsync(options: RpcClientModuleAsyncOptions): DynamicModule {
    return RpcClientModule.build(
      options.clientNames,
      {
        provide: RPC_CLIENT_MODULE_OPTIONS,
        inject: options.inject ?? [],
        useFactory: async (...args: unknown[]) => {
          const resolved = await options.useFactory(...(args as never[]));
          const defined = resolved.clients.map((c) => c.name).sort();
          const declared = [...options.clientNames].sort();
          if (defined.join() !== declared.join()) {
            throw new Error(
              `RpcClientModule: clientNames [${declared.join(', ')}] but the factory defined [${defined.join(', ')}]`,
            );
          }
          return resolved;
        },
      },
      options.imports ?? [],
    );
  }

  private static build(
    names: readonly string[],
    optionsProvider: Provider,
    imports: NonNullable<ModuleMetadata['imports']>,
  ): DynamicModule {
    const clientProviders = names.map((name) => ({
      provide: rpcClientToken(name),
      inject: [RpcClientRegistry],
      useFactory: (registry: RpcClientRegistry) => registry.connection(name).client,
    }));
    return {
      module: RpcClientModule,
      imports,
      providers: [optionsProvider, RpcClientRegistry, ...clientProviders],
      exports: [RpcClientRegistry, ...clientProviders.map((p) => p.provide)],
    };
  }
}

/** Injects the typed client configured under `name`: `@InjectRpcClient('add-ons') addOns: RpcClient<typeof AddOnsService>`. */
export const InjectRpcClient = (name: string): PropertyDecorator & ParameterDecorator =>
  Inject(rpcClientToken(name));
