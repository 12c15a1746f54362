import type { ServerOptions } from '@grpc/grpc-js';

export interface GrpcServerOptions {
  /** Interface to bind: `0.0.0.0` in a container, `127.0.0.1` in tests. */
  host: string;
  /** 0 binds a free port (tests); `GrpcServer.port` tells which. */
  port: number;
  /** The token callers must send as `authorization: Bearer <token>`. */
  serviceToken: string;
  /** How long shutdown waits for calls in flight before cutting them off. Default 10 s. */
  shutdownGraceMs?: number;
  /** Passed to grpc-js (message sizes, keepalive...). */
  serverOptions?: ServerOptions;
}

export const GRPC_SERVER_OPTIONS = Symbol('GRPC_SERVER_OPTIONS');
