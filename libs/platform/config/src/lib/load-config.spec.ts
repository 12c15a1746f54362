import { InvalidConfigError } from './invalid-config.error';
import { loadConfig } from './load-config';
import { MissingEnvironmentError } from './missing-environment.error';
import { REQUIRED_PROD_ENV } from './runtime.config';

const prodEnv = {
  APP_ENV: 'prod',
  PORT: '8080',
  DATABASE_HOST: 'db.internal',
  DATABASE_PORT: '5432',
  DATABASE_USER: 'svc',
  DATABASE_PASSWORD: 'secret',
  DATABASE_NAME: 'my_service',
  REDIS_HOST: 'redis.internal',
  REDIS_PORT: '6379',
  KAFKA_PREFIX: 'staging',
  KAFKA_BOOTSTRAP_BROKERS_TLS: 'b-1:9094, b-2:9094',
  KAFKA_CONNECT_URL: 'http://connect:8083',
};

describe('loadConfig', () => {
  it('uses dev defaults with the dev prefix when nothing is set', () => {
    const config = loadConfig('my-service-web', {});
    expect(config.env).toBe('dev');
    expect(config.kafka.prefix).toBe('dev');
    expect(config.http.port).toBe(3001);
    expect(config.database.database).toBe('my_service_dev');
  });

  it('uses the test database and prefix under Jest', () => {
    const config = loadConfig('my-service', { NODE_ENV: 'test' });
    expect(config).toMatchObject({ env: 'test', http: { port: 0 }, kafka: { prefix: 'test' } });
    expect(config.database.database).toBe('my_service_test');
  });

  it('reads every production value from the environment', () => {
    const config = loadConfig('my-service', prodEnv);
    expect(config.kafka).toEqual({
      prefix: 'staging',
      brokers: ['b-1:9094', 'b-2:9094'],
      // KAFKA_BOOTSTRAP_BROKERS_TLS: TLS with the system CAs (kafka-connection.config.spec.ts has the rest).
      tls: {},
      connectUrl: 'http://connect:8083',
      connectDatabaseHost: 'db.internal',
      consumeEvents: true,
    });
    expect(config.http.port).toBe(8080);
  });

  it("takes the connector's database password only as a Connect config-provider reference", () => {
    expect(loadConfig('my-service', {}).kafka.connectDatabasePassword).toBe('${env:LOCAL_POSTGRES_PASSWORD}');
    const reference = '${file:/opt/connect/secrets/my-service.properties:password}';
    expect(
      loadConfig('my-service', { ...prodEnv, KAFKA_CONNECT_DATABASE_PASSWORD: reference }).kafka
        .connectDatabasePassword,
    ).toBe(reference);
    let error: unknown;
    try {
      loadConfig('my-service', { ...prodEnv, KAFKA_CONNECT_DATABASE_PASSWORD: 'secret-itself' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toContain(
      'KAFKA_CONNECT_DATABASE_PASSWORD must be a Kafka Connect config-provider reference',
    );
    expect((error as Error).message).not.toContain('secret-itself');
  });

  it('names every missing production variable in one error', () => {
    const { KAFKA_PREFIX: _p, DATABASE_PASSWORD: _d, ...partial } = prodEnv;
    expect(() => loadConfig('my-service', partial)).toThrow(
      new MissingEnvironmentError(['DATABASE_PASSWORD', 'KAFKA_PREFIX']),
    );
    try {
      loadConfig('my-service', { APP_ENV: 'prod' });
    } catch (error) {
      expect((error as MissingEnvironmentError).missing).toEqual([
        ...REQUIRED_PROD_ENV,
        'KAFKA_BOOTSTRAP_BROKERS_TLS',
      ]);
    }
    expect.assertions(2);
  });

  it('keeps dev and test on plaintext Postgres and Redis', () => {
    for (const env of [{}, { NODE_ENV: 'test' }]) {
      const config = loadConfig('my-service', env);
      expect(config.database.ssl).toBeUndefined();
      expect(config.redis).toEqual({ host: '127.0.0.1', port: 6379 });
    }
  });

  it('verifies the database in production unless told otherwise, and reads Redis TLS and credentials', () => {
    const config = loadConfig('my-service', prodEnv);
    expect(config.database.ssl).toEqual({ mode: 'verify-full' });
    expect(config.redis).toEqual({ host: 'redis.internal', port: 6379 });
    expect(loadConfig('my-service', { ...prodEnv, DATABASE_SSL_MODE: 'disable' }).database.ssl).toEqual({
      mode: 'disable',
    });
    expect(
      loadConfig('my-service', {
        ...prodEnv,
        REDIS_TLS: 'true',
        REDIS_USERNAME: 'my-service',
        REDIS_PASSWORD: 'redis-secret',
      }).redis,
    ).toEqual({
      host: 'redis.internal',
      port: 6379,
      tls: {},
      username: 'my-service',
      password: 'redis-secret',
    });
  });

  it('takes REDIS_URL instead of REDIS_HOST and REDIS_PORT, and names both when neither is there', () => {
    const { REDIS_HOST: _h, REDIS_PORT: _p, ...withoutRedis } = prodEnv;
    expect(
      loadConfig('my-service', {
        ...withoutRedis,
        REDIS_URL: 'rediss://my-service:redis-secret@redis.internal:6380',
      }).redis,
    ).toEqual({
      host: 'redis.internal',
      port: 6380,
      tls: {},
      username: 'my-service',
      password: 'redis-secret',
    });
    expect(() => loadConfig('my-service', withoutRedis)).toThrow(
      new MissingEnvironmentError(['REDIS_HOST', 'REDIS_PORT']),
    );
    expect(() => loadConfig('my-service', { ...prodEnv, REDIS_URL: 'redis://redis.internal' })).toThrow(
      'Invalid configuration: REDIS_URL is set, so REDIS_HOST, REDIS_PORT must not be (the URL carries them)',
    );
  });

  it('reports TLS problems with the others in one error, never quoting a password', () => {
    const { REDIS_HOST: _h, REDIS_PORT: _p, ...withoutRedis } = prodEnv;
    let error: unknown;
    try {
      loadConfig('my-service', {
        ...withoutRedis,
        PORT: 'eighty',
        DATABASE_SSL_MODE: 'prefer',
        REDIS_URL: 'https://my-service:redis-secret@redis.internal',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).problems).toEqual([
      'PORT must be a port number, got "eighty"',
      'DATABASE_SSL_MODE must be one of verify-full, require, disable, got "prefer"',
      'REDIS_URL must start with redis:// or rediss://; expected redis://[user:password@]host[:port] or rediss://...',
    ]);
    expect((error as Error).message).not.toContain('redis-secret');
  });

  it('turns consuming off with CONSUME_EVENTS=false in every environment, and rejects other values', () => {
    expect(loadConfig('my-service', { CONSUME_EVENTS: 'false' }).kafka.consumeEvents).toBe(false);
    expect(loadConfig('my-service', { ...prodEnv, CONSUME_EVENTS: 'false' }).kafka.consumeEvents).toBe(false);
    expect(loadConfig('my-service', { NODE_ENV: 'test', CONSUME_EVENTS: 'true' }).kafka.consumeEvents).toBe(
      true,
    );
    expect(loadConfig('my-service', {}).kafka.consumeEvents).toBe(true);
    expect(() => loadConfig('my-service', { CONSUME_EVENTS: 'no' })).toThrow(
      'Invalid configuration: CONSUME_EVENTS must be true or false, got "no"',
    );
  });

  it('rejects unusable values with a reason', () => {
    expect(() =>
      loadConfig('my-service', { ...prodEnv, PORT: 'eighty', KAFKA_BOOTSTRAP_BROKERS_TLS: ' , ' }),
    ).toThrow(InvalidConfigError);
    expect(() => loadConfig('my-service', { APP_ENV: 'staging' })).toThrow(
      /APP_ENV must be one of dev, test, prod/,
    );
  });
});
