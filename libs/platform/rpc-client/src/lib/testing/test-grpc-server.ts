import type { DescService } from '@bufbuild/protobuf';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { toGrpcServiceDefinition } from '../protobuf-es/grpc-service-definition';

/** A plain grpc-js server for the lib's own tests, on a free loopback port. */
export async function startTestGrpcServer(
  service: DescService,
  implementation: UntypedServiceImplementation,
): Promise<{ address: string; stop(): Promise<void> }> {
  const server = new Server();
  server.addService(toGrpcServiceDefinition(service), implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
