import { credentials, makeGenericClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService, type ServingStatus } from 'grpc-health-check';

const HealthClient = makeGenericClientConstructor(healthService, 'Health');

type CheckMethod = (
  request: { service: string },
  options: { deadline: Date },
  callback: (error: ServiceError | null, response?: { status: ServingStatus }) => void,
) => void;

/** A `grpc.health.v1.Health/Check` client: the readiness check's view of the server, and the tests'. */
export class GrpcHealthProbe {
  private readonly client: Client;

  constructor(address: string) {
    this.client = new HealthClient(address, credentials.createInsecure());
  }

  /** The serving status of `service` ('' = the whole server); rejects with the gRPC error (NOT_FOUND for unknown services). */
  check(service: string, timeoutMs: number): Promise<ServingStatus> {
    const check = (this.client as unknown as { check: CheckMethod }).check.bind(this.client);
    return new Promise((resolve, reject) =>
      check({ service }, { deadline: new Date(Date.now() + timeoutMs) }, (error, response) =>
        error ? reject(error) : resolve(response?.status ?? 'UNKNOWN'),
      ),
    );
  }

  close(): void {
    this.client.close();
  }
}
