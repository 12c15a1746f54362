import { create } from '@bufbuild/protobuf';
import { Metadata, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { AddOnSchema, AddOnsService, type EnableAddOnRequest, type GetAddOnRequest } from '@proto/contracts';
import { fieldViolationsOf, isRpcError, RpcMetadataKey } from '../rpc-metadata';
import { startTestGrpcServer } from '../testing/test-grpc-server';
import { createRpcConnection, type RpcConnection } from './rpc-connection';
import { UnknownRpcMethodError } from './unknown-rpc-method.error';

type Unary<Req> = (call: ServerUnaryCall<Req, unknown>, callback: sendUnaryData<unknown>) => void;

const unavailable = { code: status.UNAVAILABLE, details: 'try again' };
const addOn = (code: string) => create(AddOnSchema, { code, enabled: true, providerId: 'p' });

describe('RpcConnection against a real grpc-js server', () => {
  // What the server does next, per method; each call is recorded with its metadata.
  let behaviour: { getAddOn: Unary<GetAddOnRequest>; enableAddOn: Unary<EnableAddOnRequest> };
  const calls: Array<{ method: string; metadata: Metadata; request: unknown }> = [];
  let server: Awaited<ReturnType<typeof startTestGrpcServer>>;
  const connections: RpcConnection[] = [];
  const connect = (options: Partial<Parameters<typeof createRpcConnection>[1]> = {}) => {
    const connection = createRpcConnection(AddOnsService, {
      address: server.address,
      retry: { initialBackoffMs: 10, maxBackoffMs: 20 },
      ...options,
    });
    connections.push(connection);
    return connection;
  };
  const record =
    <Req>(method: string, next: () => Unary<Req>): Unary<Req> =>
    (call, callback) => {
      calls.push({ method, metadata: call.metadata, request: call.request });
      next()(call, callback);
    };

  beforeAll(async () => {
    server = await startTestGrpcServer(AddOnsService, {
      getAddOn: record('getAddOn', () => behaviour.getAddOn),
      enableAddOn: record('enableAddOn', () => behaviour.enableAddOn),
    });
  });

  beforeEach(() => {
    calls.length = 0;
    behaviour = {
      getAddOn: (call, callback) => callback(null, { addOn: addOn(call.request.addOnCode) }),
      enableAddOn: (call, callback) => callback(null, { addOn: addOn(call.request.addOnCode) }),
    };
  });

  afterAll(async () => {
    connections.forEach((c) => c.close());
    await server.stop();
  });

  /** Fails the first `n` calls with `error`, then behaves as `then`. */
  const failFirst = <Req>(n: number, error: object, then: Unary<Req>): Unary<Req> => {
    let failures = 0;
    return (call, callback) => (failures++ < n ? callback(error) : then(call, callback));
  };

  it('calls a method with a plain request and resolves to the typed response', async () => {
    const { client } = connect();
    const response = await client.getAddOn({ providerId: 'p', addOnCode: 'smart_pricing' });
    expect(response.addOn?.code).toBe('smart_pricing');
    expect(response.$typeName).toBe('fresha.add_ons.protobuf.rpc.add_ons.v1.GetAddOnResponse');
  });

  it('sends the service token, the actor, the trace context and extra metadata', async () => {
    const trace = JSON.stringify({ 'x-datadog-trace-id': '123', 'x-datadog-parent-id': '456' });
    const { client } = connect({ token: 's3cret', traceContext: () => trace });
    await client.enableAddOn(
      { providerId: 'p', addOnCode: 'x' },
      { actorId: 'user-1', metadata: { 'x-request-id': 'r1' } },
    );
    const metadata = calls[0].metadata;
    expect(metadata.get(RpcMetadataKey.authorization)).toEqual(['Bearer s3cret']);
    expect(metadata.get(RpcMetadataKey.actorId)).toEqual(['user-1']);
    expect(metadata.get(RpcMetadataKey.traceContext)).toEqual([trace]);
    expect(metadata.get('x-request-id')).toEqual(['r1']);
  });

  it('sends no trace entry when no span is active', async () => {
    const { client } = connect({ traceContext: () => null });
    await client.getAddOn({ providerId: 'p', addOnCode: 'x' });
    expect(calls[0].metadata.get(RpcMetadataKey.traceContext)).toEqual([]);
  });

  it('retries an idempotent call that met UNAVAILABLE, and succeeds', async () => {
    behaviour.getAddOn = failFirst(2, unavailable, behaviour.getAddOn);
    const { client } = connect({ idempotentMethods: ['getAddOn'] });
    const response = await client.getAddOn({ providerId: 'p', addOnCode: 'team_payroll' });
    expect(response.addOn?.code).toBe('team_payroll');
    expect(calls.map((c) => c.method)).toEqual(['getAddOn', 'getAddOn', 'getAddOn']);
  });

  it('never retries a call that is not idempotent', async () => {
    behaviour.enableAddOn = failFirst(1, unavailable, behaviour.enableAddOn);
    const { client } = connect({ idempotentMethods: ['getAddOn'] });
    const error = await client.enableAddOn({ providerId: 'p', addOnCode: 'x' }).catch((e: unknown) => e);
    expect(isRpcError(error, status.UNAVAILABLE)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('bounds retries by maxAttempts, and retries nothing but UNAVAILABLE', async () => {
    behaviour.getAddOn = failFirst(100, unavailable, behaviour.getAddOn);
    const { client } = connect({
      idempotentMethods: ['getAddOn'],
      retry: { maxAttempts: 4, initialBackoffMs: 1 },
    });
    await expect(client.getAddOn({ providerId: 'p', addOnCode: 'x' })).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    expect(calls).toHaveLength(4);

    calls.length = 0;
    behaviour.getAddOn = failFirst(1, { code: status.INTERNAL, details: 'boom' }, behaviour.getAddOn);
    await expect(client.getAddOn({ providerId: 'p', addOnCode: 'x' })).rejects.toMatchObject({
      code: status.INTERNAL,
    });
    expect(calls).toHaveLength(1);
  });

  it('does not retry when retries are off', async () => {
    behaviour.getAddOn = failFirst(1, unavailable, behaviour.getAddOn);
    const { client } = connect({ idempotentMethods: ['getAddOn'], retry: false });
    await expect(client.getAddOn({ providerId: 'p', addOnCode: 'x' })).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    expect(calls).toHaveLength(1);
  });

  it('gives every call the client’s default deadline, and a call its own', async () => {
    behaviour.getAddOn = () => undefined; // never answers
    const { client } = connect({ deadlineMs: 100 });
    let started = Date.now();
    await expect(client.getAddOn({ providerId: 'p', addOnCode: 'x' })).rejects.toMatchObject({
      code: status.DEADLINE_EXCEEDED,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    started = Date.now();
    await expect(
      client.getAddOn({ providerId: 'p', addOnCode: 'x' }, { deadlineMs: 30 }),
    ).rejects.toMatchObject({
      code: status.DEADLINE_EXCEEDED,
    });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('stops retrying, with the real error, when the next attempt could not start before the deadline', async () => {
    behaviour.getAddOn = failFirst(100, unavailable, behaviour.getAddOn);
    const { client } = connect({
      idempotentMethods: ['getAddOn'],
      deadlineMs: 100,
      retry: { maxAttempts: 10, initialBackoffMs: 200, maxBackoffMs: 200 }, // waits 100-200 ms
    });
    const started = Date.now();
    await expect(client.getAddOn({ providerId: 'p', addOnCode: 'x' })).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    expect(calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('cancels the call when the caller aborts', async () => {
    behaviour.getAddOn = () => undefined;
    const { client } = connect();
    const controller = new AbortController();
    const pending = client.getAddOn({ providerId: 'p', addOnCode: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: status.CANCELLED });
  });

  it('hands over the field violations of an INVALID_ARGUMENT error', async () => {
    const trailers = new Metadata();
    trailers.set(RpcMetadataKey.fieldViolations, JSON.stringify({ provider_id: 'must be a UUID' }));
    behaviour.enableAddOn = (_call, callback) =>
      callback({ code: status.INVALID_ARGUMENT, details: 'Invalid input', metadata: trailers });
    const { client } = connect();
    const error = await client.enableAddOn({ providerId: 'nope', addOnCode: 'x' }).catch((e: unknown) => e);
    expect(isRpcError(error, status.INVALID_ARGUMENT)).toBe(true);
    expect(fieldViolationsOf(error)).toEqual({ provider_id: 'must be a UUID' });
    expect(fieldViolationsOf(new Error('not grpc'))).toEqual({});
  });

  it('refuses, at construction, an idempotent method the service does not have', () => {
    expect(() => connect({ idempotentMethods: ['getAddOns'] })).toThrow(UnknownRpcMethodError);
  });

  it('reports the channel state, waits for READY, and closes', async () => {
    const connection = connect();
    expect(connection.state()).toBe('IDLE');
    await connection.waitForReady(2000);
    expect(connection.state()).toBe('READY');
    connection.close();
    expect(connection.state()).toBe('SHUTDOWN');
  });
});
