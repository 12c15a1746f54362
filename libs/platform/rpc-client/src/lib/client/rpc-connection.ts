import type { DescMethod, DescService, Message } from '@bufbuild/protobuf';
import {
  Client,
  Metadata,
  connectivityState,
  credentials,
  status,
  type MethodDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { currentTraceContext } from '@platform/monitor';
import { toGrpcServiceDefinition } from '../protobuf-es/grpc-service-definition';
import type { RpcRequestInit, RpcResponse, UnaryMethodName } from '../protobuf-es/method-types';
import { bearerToken, isRpcError, RpcMetadataKey } from '../rpc-metadata';
import { backoffMs, DEFAULT_RETRY_POLICY, isIdempotent, type RetryPolicy } from './retry-policy';
import { DEFAULT_DEADLINE_MS, type RpcCallOptions, type RpcClientOptions } from './rpc-client.options';
import { UnknownRpcMethodError } from './unknown-rpc-method.error';

/**
 * A typed client of service `S`: one async function per unary method, taking the request
 * (a message or a plain initializer) and resolving to the decoded response. Failures reject
 * with grpc-js's `ServiceError` (`code`, `details`, `metadata`); see `isRpcError`.
 *
 * ```ts
 * const { addOn } = await client.enableAddOn({ providerId, addOnCode: 'online_payments' }, { actorId });
 * ```
 */
export type RpcClient<S extends DescService> = {
  readonly [K in UnaryMethodName<S>]: (
    request: RpcRequestInit<S, K>,
    options?: RpcCallOptions,
  ) => Promise<RpcResponse<S, K>>;
};

/**
 * One channel to one service, and the typed {@link RpcClient} over it. Every call gets a
 * deadline, the service token, the caller's trace and actor as metadata; idempotent methods
 * are retried on UNAVAILABLE with backoff, within the same deadline.
 */
export class RpcConnection<S extends DescService = DescService> {
  readonly client: RpcClient<S>;
  private readonly channel: Client;
  private readonly definitions: Map<string, MethodDefinition<Message, Message>>;
  private readonly idempotent: ReadonlySet<string>;
  private readonly retry: RetryPolicy | undefined;
  private readonly deadlineMs: number;
  private closed = false;

  constructor(
    readonly service: S,
    readonly options: RpcClientOptions,
  ) {
    const known = service.methods.map((m) => m.localName);
    for (const name of options.idempotentMethods ?? []) {
      if (!known.includes(name)) throw new UnknownRpcMethodError(service.typeName, name, known);
    }
    this.idempotent = new Set(options.idempotentMethods ?? []);
    this.retry = options.retry === false ? undefined : { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.definitions = new Map(
      Object.entries(toGrpcServiceDefinition(service)) as Array<[string, MethodDefinition<Message, Message>]>,
    );
    this.channel = new Client(
      options.address,
      options.credentials ?? credentials.createInsecure(),
      options.channelOptions,
    );
    const client: Record<string, unknown> = {};
    for (const method of service.methods) {
      if (method.methodKind !== 'unary') continue;
      client[method.localName] = (request: Message, callOptions?: RpcCallOptions) =>
        this.call(method, request, callOptions);
    }
    this.client = Object.freeze(client) as RpcClient<S>;
  }

  get address(): string {
    return this.options.address;
  }

  /** The channel's connectivity state by name: IDLE, CONNECTING, READY, TRANSIENT_FAILURE, SHUTDOWN. */
  state(): string {
    return connectivityState[this.channel.getChannel().getConnectivityState(false)];
  }

  /** Starts connecting now instead of at the first call. */
  connect(): void {
    this.channel.getChannel().getConnectivityState(true);
  }

  /** Resolves once the channel is READY; rejects, naming the state, when it is not within `timeoutMs`. */
  waitForReady(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.channel.waitForReady(Date.now() + timeoutMs, (error) => {
        if (!error) return resolve();
        reject(new Error(`channel to ${this.address} is ${this.state()} (not READY within ${timeoutMs} ms)`));
      });
    });
  }

  /** Closes the channel; calls in flight fail with CANCELLED or UNAVAILABLE. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.channel.close();
  }

  private async call(method: DescMethod, request: Message, options: RpcCallOptions = {}): Promise<Message> {
    const deadline = options.deadline ?? new Date(Date.now() + (options.deadlineMs ?? this.deadlineMs));
    const metadata = this.metadataFor(options);
    const retry = this.retry && isIdempotent(method, this.idempotent) ? this.retry : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, request, metadata.clone(), deadline, options.signal);
      } catch (error) {
        if (!retry || attempt >= retry.maxAttempts || !isRpcError(error, status.UNAVAILABLE)) throw error;
        const wait = backoffMs(retry, attempt);
        // A retry that could not finish before the deadline only hides the real error.
        if (Date.now() + wait >= deadline.getTime() || options.signal?.aborted) throw error;
        await sleep(wait, options.signal);
      }
    }
  }

  private attempt(
    method: DescMethod,
    request: Message,
    metadata: Metadata,
    deadline: Date,
    signal: AbortSignal | undefined,
  ): Promise<Message> {
    const definition = this.definitions.get(method.localName) as MethodDefinition<Message, Message>;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => call.cancel();
      const call = this.channel.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        metadata,
        { deadline },
        (error: ServiceError | null, response?: Message) => {
          signal?.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve(response as Message);
        },
      );
      if (signal?.aborted) call.cancel();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private metadataFor(options: RpcCallOptions): Metadata {
    const metadata = new Metadata();
    for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
    if (this.options.token) metadata.set(RpcMetadataKey.authorization, bearerToken(this.options.token));
    if (options.actorId) metadata.set(RpcMetadataKey.actorId, options.actorId);
    const trace = (this.options.traceContext ?? currentTraceContext)();
    if (trace) metadata.set(RpcMetadataKey.traceContext, trace);
    return metadata;
  }
}

/** Opens a channel to `options.address` for `service` (lazily: it connects at the first call or `connect()`). */
export function createRpcConnection<S extends DescService>(
  service: S,
  options: RpcClientOptions,
): RpcConnection<S> {
  return new RpcConnection(service, options);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
