import type { DescService } from '@bufbuild/protobuf';
import type { RpcClientOptions } from '../client/rpc-client.options';

/** One client the app uses: the seed's entry in `rpc_clients`. */
export interface RpcClientDefinition<S extends DescService = DescService> extends RpcClientOptions {
  /** Unique per app; the DI token is `rpcClientToken(name)`. */
  name: string;
  /** The generated service descriptor, e.g. `AddOnsService` from `@proto/contracts`. */
  service: S;
  /** Register the `rpc-client:<name>` readiness check (channel READY). Default true. */
  readiness?: boolean;
  /** How long the readiness check waits for the channel. Default 1000 ms. */
  readinessTimeoutMs?: number;
}

export interface RpcClientModuleOptions {
  clients: readonly RpcClientDefinition[];
}

export const RPC_CLIENT_MODULE_OPTIONS = Symbol('RPC_CLIENT_MODULE_OPTIONS');

/** The DI token of client `name`'s typed {@link RpcClient}. */
export function rpcClientToken(name: string): string {
  return `RpcClient:${name}`;
}
