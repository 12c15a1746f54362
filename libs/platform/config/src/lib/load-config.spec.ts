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
      connectUrl: 'http://connect:8083',
      connectDatabaseHost: 'db.internal',
      consumeEvents: true,
    });
    expect(config.http.port).toBe(8080);
  });

  it('names every missing production variable in one error', () => {
    const { KAFKA_PREFIX: _p, DATABASE_PASSWORD: _d, ...partial } = prodEnv;
    expect(() => loadConfig('my-service', partial)).toThrow(
      new MissingEnvironmentError(['DATABASE_PASSWORD', 'KAFKA_PREFIX']),
    );
    try {
      loadConfig('my-service', { APP_ENV: 'prod' });
    } catch (error) {
      expect((error as MissingEnvironmentError).missing).toEqual([...REQUIRED_PROD_ENV]);
    }
    expect.assertions(2);
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
