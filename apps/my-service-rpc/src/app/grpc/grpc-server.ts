import type { DescService } from '@bufbuild/protobuf';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { loadSync } from '@grpc/proto-loader';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { HeartbeatsRegistry, type CheckOutcome } from '@platform/heartbeats';
import { fileDescriptorProtos, grpcMethodPath, toGrpcServiceDefinition } from '@platform/rpc-client';
import { GrpcHealthProbe } from './grpc-health-probe';
import { GRPC_SERVER_OPTIONS, type GrpcServerOptions } from './grpc-server.options';
import { GrpcService } from './grpc-service-handlers';
import { toUnaryCallHandler, type UnaryHandler } from './grpc-unary-handler';
import { MissingGrpcHandlerError } from './missing-grpc-handler.error';
import { RPC_AUTHENTICATOR, type RpcAuthenticator } from './rpc-authenticator';
import { UnsupportedGrpcMethodError } from './unsupported-grpc-method.error';

const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
const READINESS_TIMEOUT_MS = 1000;

/**
 * The app's gRPC server (grpc-js). At bootstrap, once every module (the database included)
 * is up, it serves each `@GrpcService` provider, the standard `grpc.health.v1.Health` service
 * and server reflection; at shutdown it reports NOT_SERVING, lets calls in flight finish
 * (`tryShutdown`) and cuts off what is left after the grace period (`forceShutdown`), before
 * the database closes. Readiness check `grpc-server`: the health service answers SERVING.
 */
@Injectable()
export class GrpcServer implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('GrpcServer');
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private server?: Server;
  private boundPort?: number;
  private probe?: GrpcHealthProbe;
  private serviceNames: string[] = [];
  private stopping = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
    @Inject(RPC_AUTHENTICATOR) private readonly authenticator: RpcAuthenticator,
    private readonly heartbeats: HeartbeatsRegistry,
  ) {}

  /** The port bound (the real one when configured with 0). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('The gRPC server is not started yet');
    return this.boundPort;
  }

  /** Where a client on this host reaches the server. */
  get address(): string {
    const host = ['0.0.0.0', '::', '[::]'].includes(this.options.host) ? '127.0.0.1' : this.options.host;
    return `${host}:${this.port}`;
  }

  onModuleInit(): void {
    this.heartbeats.registerReadinessCheck('grpc-server', () => this.serving(), {
      timeoutMs: READINESS_TIMEOUT_MS + 500,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = new Server(this.options.serverOptions);
    const services: DescService[] = [];
    for (const { service, instance, className } of this.discoverServices()) {
      server.addService(toGrpcServiceDefinition(service), this.implementation(service, instance, className));
      services.push(service);
    }
    this.health.addToServer(server);
    // The health service too, so that `grpcurl list` shows it and `describe` works on it.
    new ReflectionService({ ...reflectionPackage(services), ...loadSync(healthProtoPath) }).addToServer(
      server,
    );
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `${this.options.host}:${this.options.port}`,
        ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.server = server;
    this.serviceNames = services.map((s) => s.typeName);
    for (const name of ['', ...this.serviceNames]) this.health.setStatus(name, 'SERVING');
    this.logger.log(
      `gRPC listening on ${this.options.host}:${this.boundPort} (${this.serviceNames.join(', ')})`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server || this.stopping) return;
    this.stopping = true;
    for (const name of ['', ...this.serviceNames]) this.health.setStatus(name, 'NOT_SERVING');
    this.probe?.close();
    const graceMs = this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      new Promise<boolean>((resolve) => server.tryShutdown(() => resolve(true))),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.logger.warn(`gRPC calls still running after ${graceMs} ms: forcing shutdown`);
      server.forceShutdown();
    }
  }

  private async serving(): Promise<CheckOutcome> {
    if (this.stopping) return { healthy: false, reason: 'shutting down' };
    if (!this.server) return { healthy: false, reason: 'not started' };
    this.probe ??= new GrpcHealthProbe(this.address);
    const status = await this.probe.check('', READINESS_TIMEOUT_MS);
    return status === 'SERVING'
      ? { healthy: true, details: { address: this.address } }
      : { healthy: false, reason: status };
  }

  private discoverServices(): Array<{
    service: DescService;
    instance: Record<string, unknown>;
    className: string;
  }> {
    const found = [];
    for (const wrapper of this.discovery.getProviders({ metadataKey: GrpcService.KEY })) {
      const service = this.discovery.getMetadataByDecorator(GrpcService, wrapper);
      if (!service) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        this.logger.warn(
          `${wrapper.name} is request-scoped: @GrpcService providers must be singletons; not served`,
        );
        continue;
      }
      found.push({
        service,
        instance: wrapper.instance as Record<string, unknown>,
        className: String(wrapper.name),
      });
    }
    return found;
  }

  private implementation(
    service: DescService,
    instance: Record<string, unknown>,
    className: string,
  ): UntypedServiceImplementation {
    const implementation: UntypedServiceImplementation = {};
    for (const method of service.methods) {
      if (method.methodKind !== 'unary')
        throw new UnsupportedGrpcMethodError(service.typeName, method.name, method.methodKind);
      const handler = instance[method.localName];
      if (typeof handler !== 'function')
        throw new MissingGrpcHandlerError(className, service.typeName, method.localName);
      const bound = handler.bind(instance) as UnaryHandler;
      implementation[method.localName] = toUnaryCallHandler(method, bound, {
        authenticator: this.authenticator,
        logger: this.logger,
      });
      this.logger.log(`${className}.${method.localName} -> ${grpcMethodPath(method)}`);
    }
    return implementation;
  }
}

/**
 * The package definition `@grpc/reflection` reads. It only looks at `fileDescriptorProtos`,
 * which the generated code embeds, so the served services need no `.proto` file at run time.
 */
function reflectionPackage(
  services: readonly DescService[],
): ConstructorParameters<typeof ReflectionService>[0] {
  const files = fileDescriptorProtos(services);
  return Object.fromEntries(
    services.map((service) => [
      service.typeName,
      { format: 'Protocol Buffer 3 DescriptorProto', type: {}, fileDescriptorProtos: files },
    ]),
  ) as unknown as ConstructorParameters<typeof ReflectionService>[0];
}
