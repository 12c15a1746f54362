import { currentEnv, fetchEnv, InvalidConfigError, type AppConfig, type Env } from '@platform/config';
import type { GrpcServerOptions } from './grpc/grpc-server.options';

/** Where the gRPC server listens in dev; the HTTP health endpoints keep the app's `http.port`. */
export const DEV_GRPC_PORT = 50051;

/**
 * The gRPC server's settings. Until `AppConfig` has them (`grpc.port`, `rpc.serviceToken`),
 * they are read here: dev and test have defaults (test binds a free loopback port), prod
 * requires `GRPC_PORT` and `RPC_SERVICE_TOKEN` and fails the boot naming what is missing.
 */
export function grpcServerOptionsFor(config: AppConfig, env: Env = currentEnv()): GrpcServerOptions {
  if (config.env === 'prod') {
    const v = fetchEnv(['GRPC_PORT', 'RPC_SERVICE_TOKEN'], env);
    return { host: '0.0.0.0', port: port(v.GRPC_PORT), serviceToken: v.RPC_SERVICE_TOKEN };
  }
  const test = config.env === 'test';
  return {
    host: test ? '127.0.0.1' : '0.0.0.0',
    port: env.GRPC_PORT ? port(env.GRPC_PORT) : test ? 0 : DEV_GRPC_PORT,
    serviceToken: env.RPC_SERVICE_TOKEN || `${config.env}-service-token`,
  };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidConfigError([`GRPC_PORT must be a port number, got "${value}"`]);
  return n;
}
