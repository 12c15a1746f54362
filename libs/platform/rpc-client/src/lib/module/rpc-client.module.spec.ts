import { createServer } from 'node:net';
import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HeartbeatsModule, HeartbeatsRegistry } from '@platform/heartbeats';
import { AddOnsService } from '@proto/contracts';
import type { RpcClient } from '../client/rpc-connection';
import { startTestGrpcServer } from '../testing/test-grpc-server';
import { DuplicateRpcClientError } from './duplicate-rpc-client.error';
import { InjectRpcClient, RpcClientModule } from './rpc-client.module';
import { rpcClientToken } from './rpc-client.module.options';
import { RpcClientRegistry } from './rpc-client.registry';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

@Injectable()
class UsesAddOns {
  constructor(@InjectRpcClient('add-ons') readonly addOns: RpcClient<typeof AddOnsService>) {}
}

describe('RpcClientModule', () => {
  let server: Awaited<ReturnType<typeof startTestGrpcServer>>;
  let app: INestApplicationContext | undefined;

  beforeAll(async () => {
    server = await startTestGrpcServer(AddOnsService, {
      listAddOns: (_call: unknown, callback: (e: null, r: object) => void) =>
        callback(null, { addOns: [{ code: 'a' }] }),
    });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(() => server.stop());

  const boot = async (module: ReturnType<typeof RpcClientModule.forRoot>) => {
    const moduleRef = await Test.createTestingModule({
      imports: [HeartbeatsModule.forRoot(), module],
      providers: [UsesAddOns],
    }).compile();
    app = await moduleRef.init();
    return app;
  };

  it('attaches every configured client at boot, injectable by name, each with a readiness check', async () => {
    const dead = `127.0.0.1:${await closedPort()}`;
    const booted = await boot(
      RpcClientModule.forRoot({
        clients: [
          { name: 'add-ons', service: AddOnsService, address: server.address, deadlineMs: 1000, token: 't' },
          { name: 'add-ons-dead', service: AddOnsService, address: dead, readinessTimeoutMs: 200 },
          { name: 'add-ons-unchecked', service: AddOnsService, address: dead, readiness: false },
        ],
      }),
    );
    const response = await booted.get(UsesAddOns).addOns.listAddOns({ providerId: 'p' });
    expect(response.addOns.map((a) => a.code)).toEqual(['a']);
    expect(booted.get(rpcClientToken('add-ons'))).toBe(booted.get(UsesAddOns).addOns);

    const report = await booted.get(HeartbeatsRegistry).report('readiness');
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['rpc-client:add-ons', 'ok'],
      ['rpc-client:add-ons-dead', 'unhealthy'],
    ]);
    expect(report.checks[1].reason).toMatch(
      new RegExp(`channel to ${dead} is (TRANSIENT_FAILURE|CONNECTING)`),
    );
  });

  it('closes every channel on shutdown', async () => {
    const booted = await boot(
      RpcClientModule.forRoot({
        clients: [{ name: 'add-ons', service: AddOnsService, address: server.address }],
      }),
    );
    const connection = booted.get(RpcClientRegistry).connection('add-ons');
    await booted.close();
    app = undefined;
    expect(connection.state()).toBe('SHUTDOWN');
  });

  it('takes its definitions from a factory with forRootAsync', async () => {
    const booted = await boot(
      RpcClientModule.forRootAsync({
        clientNames: ['add-ons'],
        useFactory: async () => ({
          clients: [{ name: 'add-ons', service: AddOnsService, address: server.address }],
        }),
      }),
    );
    expect((await booted.get(UsesAddOns).addOns.listAddOns({ providerId: 'p' })).addOns).toHaveLength(1);
  });

  it('fails the boot on a duplicate client name', async () => {
    const client = { name: 'add-ons', service: AddOnsService, address: server.address };
    await expect(boot(RpcClientModule.forRoot({ clients: [client, client] }))).rejects.toThrow(
      DuplicateRpcClientError,
    );
  });
});
