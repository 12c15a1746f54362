import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { status } from '@grpc/grpc-js';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import { createRpcConnection, type RpcConnection } from '@platform/rpc-client';
import { AddOnsService, type GetAddOnRequest } from '@proto/contracts';
import type { GrpcCallContext } from './grpc-call-context';
import { GrpcHealthProbe } from './grpc-health-probe';
import { GrpcServer } from './grpc-server';
import { GrpcServerModule } from './grpc-server.module';
import { GRPC_SERVER_OPTIONS, type GrpcServerOptions } from './grpc-server.options';
import { GrpcService, type GrpcServiceHandlers } from './grpc-service-handlers';
import { MissingGrpcHandlerError } from './missing-grpc-handler.error';
import { RPC_AUTHENTICATOR, ServiceTokenAuthenticator } from './rpc-authenticator';
import { RpcStatusError } from './rpc-status.error';
import { reflect } from './testing/reflection-client';
import { SlowAuthenticator } from './testing/slow-authenticator';

const TOKEN = 'test-token';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An in-memory AddOnsService whose behaviour the request's add-on code picks. */
@GrpcService(AddOnsService)
@Injectable()
class FakeAddOnsRpc implements GrpcServiceHandlers<typeof AddOnsService> {
  readonly handled: string[] = [];
  abortReason?: unknown;

  async listAddOns() {
    this.handled.push('listAddOns');
    return { addOns: [{ code: 'a' }] };
  }

  async getAddOn(request: GetAddOnRequest, call: GrpcCallContext) {
    this.handled.push(`getAddOn:${request.addOnCode}`);
    if (request.addOnCode === 'boom') throw new Error('connection to the database lost');
    if (request.addOnCode === 'missing') throw new RpcStatusError(status.NOT_FOUND, 'no such add-on');
    if (request.addOnCode === 'slow') await sleep(300);
    if (request.addOnCode === 'until_aborted') {
      await new Promise((resolve) => call.signal.addEventListener('abort', resolve, { once: true }));
      this.abortReason = call.signal.reason;
      throw call.signal.reason;
    }
    // Echo what the server knows about the call, for the assertions.
    return { addOn: { code: request.addOnCode, name: call.actorId ?? '', id: call.principal.subject } };
  }

  async enableAddOn() {
    this.handled.push('enableAddOn');
    return {};
  }

  async disableAddOn() {
    this.handled.push('disableAddOn');
    return {};
  }
}

async function bootServer(options: Partial<GrpcServerOptions> = {}, providers: unknown[] = [FakeAddOnsRpc]) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      HeartbeatsModule.forRoot(),
      GrpcServerModule.forRoot({
        host: '127.0.0.1',
        port: 0,
        serviceToken: TOKEN,
        shutdownGraceMs: 2000,
        ...options,
      }),
    ],
    providers: providers as never[],
  })
    .overrideProvider(RPC_AUTHENTICATOR)
    .useFactory({
      factory: (o: GrpcServerOptions) => new SlowAuthenticator(new ServiceTokenAuthenticator(o)),
      inject: [GRPC_SERVER_OPTIONS],
    })
    .compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

describe('GrpcServer', () => {
  let moduleRef: TestingModule;
  let address: string;
  let fake: FakeAddOnsRpc;
  const connections: RpcConnection[] = [];
  const client = (token: string | null = TOKEN, deadlineMs = 2000) => {
    const connection = createRpcConnection(AddOnsService, { address, token: token ?? undefined, deadlineMs });
    connections.push(connection);
    return connection.client;
  };

  beforeAll(async () => {
    moduleRef = await bootServer();
    address = moduleRef.get(GrpcServer).address;
    fake = moduleRef.get(FakeAddOnsRpc);
  });

  beforeEach(() => {
    fake.handled.length = 0;
    moduleRef.get<SlowAuthenticator>(RPC_AUTHENTICATOR).latencyMs = 0;
  });

  afterAll(async () => {
    connections.forEach((c) => c.close());
    await moduleRef?.close();
  });

  it('serves the discovered @GrpcService, with the principal and the x-actor-id of the call', async () => {
    const { addOn } = await client().getAddOn({ providerId: 'p', addOnCode: 'echo' }, { actorId: 'user-7' });
    expect(addOn).toMatchObject({ code: 'echo', name: 'user-7', id: 'service' });
    expect((await client().listAddOns({})).addOns).toHaveLength(1);
  });

  it('rejects calls without the service token, or with another, before any handler runs', async () => {
    for (const token of [null, 'not-the-token']) {
      await expect(client(token).enableAddOn({ providerId: 'p', addOnCode: 'x' })).rejects.toMatchObject({
        code: status.UNAUTHENTICATED,
      });
    }
    expect(fake.handled).toEqual([]);
  });

  it('sends a thrown RpcStatusError as it is, and anything else as INTERNAL without its details', async () => {
    await expect(client().getAddOn({ addOnCode: 'missing' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
      details: 'no such add-on',
    });
    await expect(client().getAddOn({ addOnCode: 'boom' })).rejects.toMatchObject({
      code: status.INTERNAL,
      details: 'Internal error',
    });
  });

  it('does not run a handler once the call is past its deadline', async () => {
    moduleRef.get<SlowAuthenticator>(RPC_AUTHENTICATOR).latencyMs = 200;
    const started = Date.now();
    await expect(client(TOKEN, 50).enableAddOn({ addOnCode: 'x' })).rejects.toMatchObject({
      code: status.DEADLINE_EXCEEDED,
    });
    expect(Date.now() - started).toBeLessThan(200);
    await sleep(300); // the server finishes authenticating, then must notice the deadline
    expect(fake.handled).toEqual([]);
  });

  it('aborts the handler’s signal when the client gives up: at its deadline, or by cancelling', async () => {
    fake.abortReason = undefined;
    await expect(client(TOKEN, 100).getAddOn({ addOnCode: 'until_aborted' })).rejects.toMatchObject({
      code: status.DEADLINE_EXCEEDED,
    });
    await sleep(50);
    // A client cancels its call at its deadline; that may reach the server before the server's own timer fires.
    expect([status.DEADLINE_EXCEEDED, status.CANCELLED]).toContain((fake.abortReason as RpcStatusError).code);

    fake.abortReason = undefined;
    const controller = new AbortController();
    const pending = client().getAddOn({ addOnCode: 'until_aborted' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: status.CANCELLED });
    await sleep(50);
    expect(fake.abortReason).toMatchObject({ code: status.CANCELLED });
  });

  it('answers the standard health service: SERVING for the server and each service', async () => {
    const probe = new GrpcHealthProbe(address);
    try {
      expect(await probe.check('', 1000)).toBe('SERVING');
      expect(await probe.check(AddOnsService.typeName, 1000)).toBe('SERVING');
      await expect(probe.check('no.such.Service', 1000)).rejects.toMatchObject({ code: status.NOT_FOUND });
    } finally {
      probe.close();
    }
  });

  it('lists the services by reflection, the health service among them, and describes them with their imports', async () => {
    expect((await reflect(address, { listServices: '*' })).services.sort()).toEqual(
      [AddOnsService.typeName, 'grpc.health.v1.Health'].sort(),
    );
    const health = await reflect(address, { fileContainingSymbol: 'grpc.health.v1.Health' });
    expect(health.error).toBeUndefined();
    expect(health.files.map((f) => fromBinary(FileDescriptorProtoSchema, f).package)).toContain(
      'grpc.health.v1',
    );
    const { files } = await reflect(address, { fileContainingSymbol: AddOnsService.typeName });
    const names = files.map((f) => fromBinary(FileDescriptorProtoSchema, f).name);
    expect(names).toContain('fresha/add_ons/protobuf/rpc/add_ons/v1/add_ons_service.proto');
    expect(names).toContain('fresha/add_ons/protobuf/rpc/add_ons/v1/add_on.proto');
  });

  it('is ready while it serves', async () => {
    const report = await moduleRef.get(HeartbeatsRegistry).report('readiness');
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([['grpc-server', 'ok']]);
  });
});

describe('GrpcServer shutdown', () => {
  it('lets a call in flight finish, turns unready, then refuses new calls', async () => {
    const moduleRef = await bootServer();
    const server = moduleRef.get(GrpcServer);
    const connection = createRpcConnection(AddOnsService, { address: server.address, token: TOKEN });
    try {
      const inFlight = connection.client.getAddOn({ addOnCode: 'slow' });
      await sleep(50);
      const closing = moduleRef.close();
      await sleep(20);
      expect(await moduleRef.get(HeartbeatsRegistry).report('readiness')).toMatchObject({
        status: 'unhealthy',
        checks: [{ name: 'grpc-server', reason: 'shutting down' }],
      });
      await expect(inFlight).resolves.toMatchObject({ addOn: { code: 'slow' } });
      await closing;
      await expect(connection.client.listAddOns({}, { deadlineMs: 500 })).rejects.toMatchObject({
        code: expect.any(Number),
      });
    } finally {
      connection.close();
    }
  });

  it('cuts off calls still running after the grace period', async () => {
    const moduleRef = await bootServer({ shutdownGraceMs: 100 });
    const server = moduleRef.get(GrpcServer);
    const connection = createRpcConnection(AddOnsService, {
      address: server.address,
      token: TOKEN,
      deadlineMs: 10_000,
    });
    try {
      const stuck = connection.client.getAddOn({ addOnCode: 'until_aborted' }).catch((e: unknown) => e);
      await sleep(50);
      const started = Date.now();
      await moduleRef.close();
      expect(Date.now() - started).toBeLessThan(1000);
      expect([status.CANCELLED, status.UNAVAILABLE]).toContain(((await stuck) as { code: number }).code);
      expect(moduleRef.get(FakeAddOnsRpc).abortReason).toMatchObject({ code: status.CANCELLED });
    } finally {
      connection.close();
    }
  });
});

describe('GrpcServer boot', () => {
  it('fails when a @GrpcService class lacks a method of its service', async () => {
    @GrpcService(AddOnsService)
    @Injectable()
    class Incomplete {
      async listAddOns() {
        return {};
      }
    }
    await expect(bootServer({}, [Incomplete])).rejects.toThrow(MissingGrpcHandlerError);
  });
});
