import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { status } from '@grpc/grpc-js';
import { DatabaseModule } from '@my-service/domain';
import { ConfigModule, testConfig } from '@platform/config';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import { fieldViolationsOf, InjectRpcClient, RpcClientModule, type RpcClient } from '@platform/rpc-client';
import { ensureInfra } from '@platform/testing';
import { AddOnsService } from '@proto/contracts';
import { DataSource } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { GrpcHealthProbe } from '../grpc/grpc-health-probe';
import { GrpcServer } from '../grpc/grpc-server';
import { GrpcServerModule } from '../grpc/grpc-server.module';
import { GRPC_SERVER_OPTIONS, type GrpcServerOptions } from '../grpc/grpc-server.options';
import { RPC_AUTHENTICATOR, ServiceTokenAuthenticator } from '../grpc/rpc-authenticator';
import { reflect } from '../grpc/testing/reflection-client';
import { SlowAuthenticator } from '../grpc/testing/slow-authenticator';
import { AddOnsRpcModule } from './add-ons-rpc.module';

type AddOnsClient = RpcClient<typeof AddOnsService>;
const TOKEN = 'e2e-service-token';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The callers: our own service through rpc-client, with the right token, none, and a wrong one. */
@Injectable()
class Callers {
  constructor(
    @InjectRpcClient('add-ons') readonly addOns: AddOnsClient,
    @InjectRpcClient('add-ons-anonymous') readonly anonymous: AddOnsClient,
    @InjectRpcClient('add-ons-impostor') readonly impostor: AddOnsClient,
  ) {}
}

describe('AddOnsService over real gRPC and Postgres, called through rpc-client', () => {
  let server: TestingModule;
  let clients: TestingModule;
  let callers: Callers;
  let db: DataSource;
  let authenticator: SlowAuthenticator;
  let address: string;

  const rows = (providerId: string) =>
    db.query('SELECT code, enabled, changed_by FROM add_ons WHERE provider_id = $1 ORDER BY code', [
      providerId,
    ]);
  const events = (providerId: string) =>
    db.query('SELECT event_type FROM outbox_events WHERE partition_key = $1 ORDER BY timestamp, event_type', [
      providerId,
    ]);

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    server = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ app: 'my-service-rpc', config: testConfig('my-service-rpc') }),
        HeartbeatsModule.forRoot(),
        DatabaseModule.forRoot({ runMigrations: true }),
        GrpcServerModule.forRoot({ host: '127.0.0.1', port: 0, serviceToken: TOKEN }),
        AddOnsRpcModule,
      ],
    })
      // Slowed through DI for the deadline test; otherwise the real service-token check.
      .overrideProvider(RPC_AUTHENTICATOR)
      .useFactory({
        factory: (o: GrpcServerOptions) => new SlowAuthenticator(new ServiceTokenAuthenticator(o)),
        inject: [GRPC_SERVER_OPTIONS],
      })
      .compile();
    server.useLogger(['error']);
    await server.init();
    db = server.get(DataSource);
    authenticator = server.get(RPC_AUTHENTICATOR);
    address = server.get(GrpcServer).address;

    const client = {
      service: AddOnsService,
      address,
      deadlineMs: 2000,
      idempotentMethods: ['listAddOns', 'getAddOn'],
    };
    clients = await Test.createTestingModule({
      imports: [
        HeartbeatsModule.forRoot(),
        RpcClientModule.forRoot({
          clients: [
            { ...client, name: 'add-ons', token: TOKEN },
            { ...client, name: 'add-ons-anonymous', readiness: false },
            { ...client, name: 'add-ons-impostor', token: 'not-the-token', readiness: false },
          ],
        }),
      ],
      providers: [Callers],
    }).compile();
    await clients.init();
    callers = clients.get(Callers);
  }, 20 * 60_000);

  afterEach(() => {
    authenticator.latencyMs = 0;
  });

  afterAll(async () => {
    await clients?.close();
    await server?.close();
  });

  it('enables an add-on: the row changes and exactly one add_on_enabled event is written', async () => {
    const providerId = randomUUID();
    const { addOn } = await callers.addOns.enableAddOn(
      { providerId, addOnCode: 'online_payments' },
      { actorId: 'user-42' },
    );
    expect(addOn).toMatchObject({
      providerId,
      code: 'online_payments',
      name: 'Online payments',
      enabled: true,
    });
    expect(addOn?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(addOn?.updatedAt?.seconds).toBeGreaterThan(0n);
    expect(await rows(providerId)).toEqual([
      { code: 'online_payments', enabled: true, changed_by: 'user-42' },
    ]);
    expect(await events(providerId)).toEqual([{ event_type: 'add_on_enabled' }]);
  });

  it('answers FAILED_PRECONDITION to enabling twice, and writes no second event', async () => {
    const providerId = randomUUID();
    await callers.addOns.enableAddOn({ providerId, addOnCode: 'smart_pricing', actorId: 'user-1' });
    await expect(
      callers.addOns.enableAddOn({ providerId, addOnCode: 'smart_pricing', actorId: 'user-1' }),
    ).rejects.toMatchObject({ code: status.FAILED_PRECONDITION });
    expect(await events(providerId)).toEqual([{ event_type: 'add_on_enabled' }]);
  });

  it('rejects callers without the service token or with a wrong one, and changes nothing', async () => {
    const providerId = randomUUID();
    for (const caller of [callers.anonymous, callers.impostor]) {
      await expect(
        caller.enableAddOn({ providerId, addOnCode: 'online_payments', actorId: 'u' }),
      ).rejects.toMatchObject({
        code: status.UNAUTHENTICATED,
      });
    }
    expect(await rows(providerId)).toEqual([]);
    expect(await events(providerId)).toEqual([]);
  });

  it('rejects invalid input as INVALID_ARGUMENT naming each field, and changes nothing', async () => {
    const error = await callers.addOns
      .enableAddOn({ providerId: 'not-a-uuid', addOnCode: 'Bad Code', actorId: 'u' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('provider_id: must be a UUID'),
    });
    expect(fieldViolationsOf(error)).toEqual({
      provider_id: 'must be a UUID',
      add_on_code: expect.stringContaining('lower-case'),
    });

    const providerId = randomUUID();
    await expect(callers.addOns.enableAddOn({ providerId, addOnCode: 'Bad Code' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    expect(await rows(providerId)).toEqual([]);
    expect(await events(providerId)).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown add-on', async () => {
    const providerId = randomUUID();
    await expect(callers.addOns.enableAddOn({ providerId, addOnCode: 'time_travel' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(callers.addOns.getAddOn({ providerId, addOnCode: 'online_payments' })).rejects.toMatchObject(
      {
        code: status.NOT_FOUND,
      },
    );
    expect(await events(providerId)).toEqual([]);
  });

  it('fails a call past its deadline with DEADLINE_EXCEEDED, and the late server changes nothing', async () => {
    const providerId = randomUUID();
    authenticator.latencyMs = 300;
    const started = Date.now();
    await expect(
      callers.addOns.enableAddOn({ providerId, addOnCode: 'team_payroll' }, { deadlineMs: 100 }),
    ).rejects.toMatchObject({ code: status.DEADLINE_EXCEEDED });
    expect(Date.now() - started).toBeLessThan(300);
    await sleep(400); // long enough for the server to get past authentication
    expect(await rows(providerId)).toEqual([]);
    expect(await events(providerId)).toEqual([]);

    authenticator.latencyMs = 0;
    await expect(
      callers.addOns.enableAddOn(
        { providerId, addOnCode: 'team_payroll' },
        { deadline: new Date(Date.now() - 1) },
      ),
    ).rejects.toMatchObject({ code: status.DEADLINE_EXCEEDED });
    expect(await rows(providerId)).toEqual([]);
  });

  it('lists, gets and disables, the actor defaulting to the system', async () => {
    const providerId = randomUUID();
    await callers.addOns.enableAddOn({ providerId, addOnCode: 'team_payroll' });
    await callers.addOns.enableAddOn({ providerId, addOnCode: 'marketing_messages' });
    const { addOn } = await callers.addOns.disableAddOn(
      { providerId, addOnCode: 'team_payroll' },
      { actorId: 'user-9' },
    );
    expect(addOn).toMatchObject({ code: 'team_payroll', enabled: false });
    const list = await callers.addOns.listAddOns({ providerId });
    expect(list.addOns.map((a) => [a.code, a.enabled])).toEqual([
      ['marketing_messages', true],
      ['team_payroll', false],
    ]);
    expect((await callers.addOns.getAddOn({ providerId, addOnCode: 'marketing_messages' })).addOn?.name).toBe(
      'Marketing messages',
    );
    expect(await rows(providerId)).toEqual([
      { code: 'marketing_messages', enabled: true, changed_by: 'system' },
      { code: 'team_payroll', enabled: false, changed_by: 'user-9' },
    ]);
    expect((await events(providerId)).map((e: { event_type: string }) => e.event_type).sort()).toEqual([
      'add_on_disabled',
      'add_on_enabled',
      'add_on_enabled',
    ]);
  });

  it('answers SERVING on the health service and lists AddOnsService by reflection', async () => {
    const probe = new GrpcHealthProbe(address);
    try {
      expect(await probe.check('', 1000)).toBe('SERVING');
      expect(await probe.check(AddOnsService.typeName, 1000)).toBe('SERVING');
    } finally {
      probe.close();
    }
    expect((await reflect(address, { listServices: '*' })).services).toContain(
      'fresha.add_ons.protobuf.rpc.add_ons.v1.AddOnsService',
    );
  });

  it('is ready on both sides: the server serving, the client’s channel connected', async () => {
    const serverReport = await server.get(HeartbeatsRegistry).report('readiness');
    expect(serverReport.checks.map((c) => [c.name, c.status])).toEqual([
      ['postgres', 'ok'],
      ['grpc-server', 'ok'],
    ]);
    const clientReport = await clients.get(HeartbeatsRegistry).report('readiness');
    expect(clientReport.checks.map((c) => [c.name, c.status])).toEqual([['rpc-client:add-ons', 'ok']]);
  });
});
