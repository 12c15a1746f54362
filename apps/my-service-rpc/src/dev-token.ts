import { currentEnv, loadConfig } from '@platform/config';
import { grpcServerOptionsFor } from './app/grpc-server.config';

// Part of `npm run dev-tokens`: the service token the gRPC server accepts in dev
// (metadata `authorization: Bearer <token>`).
if (currentEnv().APP_ENV === 'prod') {
  process.stderr.write('dev tokens are for the dev config only (APP_ENV=prod is set)\n');
  process.exit(1);
}
const config = loadConfig('my-service-rpc');
const { port, serviceToken } = grpcServerOptionsFor(config);
process.stdout.write(`export RPC_TOKEN=${serviceToken}  # gRPC on 127.0.0.1:${port}\n`);
