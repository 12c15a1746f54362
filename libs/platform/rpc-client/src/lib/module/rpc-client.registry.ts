import type { DescService } from '@bufbuild/protobuf';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HeartbeatsRegistry, type CheckFn } from '@platform/heartbeats';
import { createRpcConnection, type RpcClient, type RpcConnection } from '../client/rpc-connection';
import { DuplicateRpcClientError } from './duplicate-rpc-client.error';
import {
  RPC_CLIENT_MODULE_OPTIONS,
  type RpcClientDefinition,
  type RpcClientModuleOptions,
} from './rpc-client.module.options';
import { UnknownRpcClientError } from './unknown-rpc-client.error';

const DEFAULT_READINESS_TIMEOUT_MS = 1000;

/**
 * The seed's `RpcClient.Client.attach_all_clients`: opens a connection per configured client
 * when the module graph is built (a bad definition fails the boot), starts connecting them
 * at init, registers a readiness check per client, and closes them all at shutdown.
 */
@Injectable()
export class RpcClientRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RpcClient');
  private readonly connections = new Map<
    string,
    { definition: RpcClientDefinition; connection: RpcConnection }
  >();

  constructor(
    @Inject(RPC_CLIENT_MODULE_OPTIONS) options: RpcClientModuleOptions,
    @Optional() @Inject(HeartbeatsRegistry) private readonly heartbeats?: HeartbeatsRegistry,
  ) {
    for (const definition of options.clients) {
      if (this.connections.has(definition.name)) throw new DuplicateRpcClientError(definition.name);
      this.connections.set(definition.name, {
        definition,
        connection: createRpcConnection(definition.service, definition),
      });
    }
  }

  /** The connection of client `name` (state, readiness, close). */
  connection<S extends DescService = DescService>(name: string): RpcConnection<S> {
    const entry = this.connections.get(name);
    if (!entry) throw new UnknownRpcClientError(name, [...this.connections.keys()]);
    return entry.connection as unknown as RpcConnection<S>;
  }

  /** The typed client `name`, for code that cannot use `@InjectRpcClient(name)`. */
  client<S extends DescService>(name: string, _service?: S): RpcClient<S> {
    return this.connection<S>(name).client;
  }

  names(): readonly string[] {
    return [...this.connections.keys()];
  }

  onModuleInit(): void {
    for (const [name, { definition, connection }] of this.connections) {
      connection.connect();
      if (definition.readiness !== false && this.heartbeats) {
        const timeoutMs = definition.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
        // The heartbeat's own timeout is a little longer, so the channel's state is the reason given.
        this.heartbeats.registerReadinessCheck(
          `rpc-client:${name}`,
          channelReadyCheck(connection, timeoutMs),
          {
            timeoutMs: timeoutMs + 500,
          },
        );
      }
      this.logger.log(`${name} -> ${definition.service.typeName} at ${definition.address}`);
    }
  }

  onApplicationShutdown(): void {
    for (const { connection } of this.connections.values()) connection.close();
  }
}

/** Ready when the client's channel is READY (connecting first if it is idle). */
export function channelReadyCheck(connection: RpcConnection, timeoutMs: number): CheckFn {
  return async () => {
    await connection.waitForReady(timeoutMs);
    return { healthy: true, details: { address: connection.address, state: connection.state() } };
  };
}
