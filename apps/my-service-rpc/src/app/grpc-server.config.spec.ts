import {
  InvalidConfigError,
  MissingEnvironmentError,
  testConfig,
  devConfig,
  type AppConfig,
} from '@platform/config';
import { grpcServerOptionsFor } from './grpc-server.config';

describe('grpcServerOptionsFor', () => {
  it('binds 50051 in dev and a free loopback port in test, with a local token', () => {
    expect(grpcServerOptionsFor(devConfig('my-service-rpc'), {})).toEqual({
      host: '0.0.0.0',
      port: 50051,
      serviceToken: 'dev-service-token',
    });
    expect(grpcServerOptionsFor(testConfig('my-service-rpc'), {})).toEqual({
      host: '127.0.0.1',
      port: 0,
      serviceToken: 'test-service-token',
    });
  });

  it('lets dev override the port and token', () => {
    expect(
      grpcServerOptionsFor(devConfig('x'), { GRPC_PORT: '6000', RPC_SERVICE_TOKEN: 'abc' }),
    ).toMatchObject({
      port: 6000,
      serviceToken: 'abc',
    });
    expect(() => grpcServerOptionsFor(devConfig('x'), { GRPC_PORT: 'grpc' })).toThrow(InvalidConfigError);
  });

  it('requires the port and token in prod, naming both when missing', () => {
    const prod: AppConfig = { ...devConfig('my-service-rpc'), env: 'prod' };
    expect(() => grpcServerOptionsFor(prod, {})).toThrow(
      new MissingEnvironmentError(['GRPC_PORT', 'RPC_SERVICE_TOKEN']),
    );
    expect(grpcServerOptionsFor(prod, { GRPC_PORT: '50051', RPC_SERVICE_TOKEN: 's' })).toEqual({
      host: '0.0.0.0',
      port: 50051,
      serviceToken: 's',
    });
  });
});
