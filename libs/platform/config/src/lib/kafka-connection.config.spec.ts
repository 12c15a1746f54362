import { InvalidConfigError } from './invalid-config.error';
import {
  describeKafkaConnection,
  describeKafkaError,
  kafkaSecurityProtocol,
  readKafkaConnection,
  redactKafkaSecrets,
} from './kafka-connection.config';
import { loadConfig } from './load-config';
import { MissingEnvironmentError } from './missing-environment.error';

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
  KAFKA_BOOTSTRAP_BROKERS_TLS: 'b-1:9096,b-2:9096',
  KAFKA_CONNECT_URL: 'http://connect:8083',
};
const SCRAM = {
  KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
  KAFKA_SASL_USERNAME: 'my-service',
  KAFKA_SASL_PASSWORD: 'kafka-secret-123',
};

/** The error loadConfig throws, for its message and problems. */
function failure(env: Record<string, string>): Error & { problems?: string[]; missing?: string[] } {
  try {
    loadConfig('my-service', env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('loadConfig did not fail');
}

describe('Kafka connection from the environment', () => {
  it('prod: TLS from KAFKA_BOOTSTRAP_BROKERS_TLS, system CAs unless KAFKA_SSL_CA_FILE, SCRAM-SHA-512', () => {
    const { kafka } = loadConfig('my-service', { ...prodEnv, ...SCRAM });
    expect(kafka).toMatchObject({
      brokers: ['b-1:9096', 'b-2:9096'],
      tls: {},
      sasl: { mechanism: 'scram-sha-512', username: 'my-service', password: 'kafka-secret-123' },
    });
    expect(kafkaSecurityProtocol(kafka)).toBe('SASL_SSL');
    const withCa = loadConfig('my-service', { ...prodEnv, KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem' }).kafka;
    expect(withCa).toMatchObject({ tls: { caFile: '/etc/kafka/ca.pem' } });
    expect(withCa.sasl).toBeUndefined();
    expect(kafkaSecurityProtocol(withCa)).toBe('SSL');
  });

  it('reads PLAIN, OAUTHBEARER (token file or client credentials) and AWS MSK IAM', () => {
    const read = (env: Record<string, string>) => loadConfig('my-service', { ...prodEnv, ...env }).kafka.sasl;
    expect(read({ ...SCRAM, KAFKA_SASL_MECHANISM: 'plain' })).toEqual({
      mechanism: 'plain',
      username: 'my-service',
      password: 'kafka-secret-123',
    });
    expect(
      read({
        KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
        KAFKA_SASL_OAUTHBEARER_TOKEN_FILE: '/var/run/kafka/token',
      }),
    ).toEqual({ mechanism: 'oauthbearer', token: { kind: 'file', file: '/var/run/kafka/token' } });
    expect(
      read({
        KAFKA_SASL_MECHANISM: 'OAUTHBEARER',
        KAFKA_SASL_OAUTHBEARER_TOKEN_URL: 'https://idp.example.com/oauth2/token',
        KAFKA_SASL_OAUTHBEARER_CLIENT_ID: 'my-service',
        KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET: 'client-secret',
        KAFKA_SASL_OAUTHBEARER_SCOPE: 'kafka',
      }),
    ).toEqual({
      mechanism: 'oauthbearer',
      token: {
        kind: 'client-credentials',
        tokenUrl: 'https://idp.example.com/oauth2/token',
        clientId: 'my-service',
        clientSecret: 'client-secret',
        scope: 'kafka',
      },
    });
    expect(read({ KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM', AWS_REGION: 'eu-west-1' })).toEqual({
      mechanism: 'oauthbearer',
      token: { kind: 'aws-msk-iam', region: 'eu-west-1' },
    });
  });

  it('prod: refuses plaintext unless KAFKA_ALLOW_PLAINTEXT=true, naming the variables', () => {
    const { KAFKA_BOOTSTRAP_BROKERS_TLS: _tls, ...noBrokers } = prodEnv;
    const plaintext = { ...noBrokers, KAFKA_BOOTSTRAP_BROKERS: 'kafka:9092' };
    const error = failure(plaintext);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error.message).toContain(
      'KAFKA_BOOTSTRAP_BROKERS is plaintext (no TLS) and refused in prod: set KAFKA_BOOTSTRAP_BROKERS_TLS instead, ' +
        'or KAFKA_ALLOW_PLAINTEXT=true',
    );
    const allowed = loadConfig('my-service', { ...plaintext, KAFKA_ALLOW_PLAINTEXT: 'true' }).kafka;
    expect(allowed.brokers).toEqual(['kafka:9092']);
    expect(allowed.tls).toBeUndefined();
    expect(kafkaSecurityProtocol(allowed)).toBe('PLAINTEXT');
    // PLAIN would send the password in clear text: not even with plaintext allowed.
    expect(
      failure({ ...plaintext, KAFKA_ALLOW_PLAINTEXT: 'true', ...SCRAM, KAFKA_SASL_MECHANISM: 'PLAIN' })
        .message,
    ).toContain('KAFKA_SASL_MECHANISM=PLAIN sends its secret in clear text');
    expect(failure({ ...plaintext, KAFKA_ALLOW_PLAINTEXT: 'yes' }).message).toContain(
      'KAFKA_ALLOW_PLAINTEXT must be true or false, got "yes"',
    );
  });

  it('names missing variables with the others, and reports unusable ones without their secrets', () => {
    const { KAFKA_BOOTSTRAP_BROKERS_TLS: _tls, DATABASE_NAME: _db, ...partial } = prodEnv;
    expect(() => loadConfig('my-service', { ...partial, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' })).toThrow(
      new MissingEnvironmentError([
        'DATABASE_NAME',
        'KAFKA_BOOTSTRAP_BROKERS_TLS',
        'KAFKA_SASL_USERNAME',
        'KAFKA_SASL_PASSWORD',
      ]),
    );
    expect(() => loadConfig('my-service', { ...prodEnv, KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM' })).toThrow(
      new MissingEnvironmentError(['AWS_REGION']),
    );
    const error = failure({
      ...prodEnv,
      KAFKA_BOOTSTRAP_BROKERS_TLS: 'b-1:9096,b-2',
      KAFKA_BOOTSTRAP_BROKERS: 'b-3:9092',
      KAFKA_SASL_MECHANISM: 'GSSAPI',
      KAFKA_SASL_PASSWORD: 'kafka-secret-123',
    });
    expect(error.problems).toEqual([
      'set one of KAFKA_BOOTSTRAP_BROKERS_TLS (TLS) and KAFKA_BOOTSTRAP_BROKERS (plaintext), not both',
      'KAFKA_SASL_MECHANISM must be one of SCRAM-SHA-512, PLAIN, OAUTHBEARER, AWS_MSK_IAM, got "GSSAPI"',
    ]);
    expect(error.message).not.toContain('kafka-secret-123');
    expect(failure({ ...prodEnv, KAFKA_BOOTSTRAP_BROKERS_TLS: 'b-1:9096,b-2' }).problems).toEqual([
      'KAFKA_BOOTSTRAP_BROKERS_TLS: "b-2" is not host:port',
    ]);
    expect(failure({ ...prodEnv, KAFKA_SASL_PASSWORD: 'kafka-secret-123' }).problems).toEqual([
      'KAFKA_SASL_PASSWORD set but KAFKA_SASL_MECHANISM is not',
    ]);
    expect(failure({ ...prodEnv, KAFKA_SASL_MECHANISM: 'OAUTHBEARER' }).problems?.[0]).toMatch(
      /needs exactly one of KAFKA_SASL_OAUTHBEARER_TOKEN_FILE and KAFKA_SASL_OAUTHBEARER_TOKEN_URL/,
    );
    const { KAFKA_BOOTSTRAP_BROKERS_TLS: _t, ...plain } = prodEnv;
    expect(
      failure({
        ...plain,
        KAFKA_BOOTSTRAP_BROKERS: 'b:9092',
        KAFKA_ALLOW_PLAINTEXT: 'true',
        KAFKA_SSL_CA_FILE: '/ca',
      }).problems,
    ).toEqual(['KAFKA_SSL_CA_FILE is set but TLS is off: TLS brokers go in KAFKA_BOOTSTRAP_BROKERS_TLS']);
  });

  it('dev and test: the local plaintext broker, unless the same variables point elsewhere', () => {
    expect(loadConfig('my-service', {}).kafka).toMatchObject({ brokers: ['127.0.0.1:9092'] });
    expect(loadConfig('my-service', {}).kafka.tls).toBeUndefined();
    const secured = loadConfig('my-service', {
      NODE_ENV: 'test',
      KAFKA_BOOTSTRAP_BROKERS_TLS: '127.0.0.1:9094',
      KAFKA_SSL_CA_FILE: '.infra/kafka/tls/ca.crt',
      ...SCRAM,
    }).kafka;
    expect(secured).toMatchObject({
      prefix: 'test',
      brokers: ['127.0.0.1:9094'],
      tls: { caFile: '.infra/kafka/tls/ca.crt' },
      sasl: { mechanism: 'scram-sha-512' },
    });
    // Plaintext needs no permission outside prod.
    expect(loadConfig('my-service', { KAFKA_BOOTSTRAP_BROKERS: '127.0.0.1:19092' }).kafka.brokers).toEqual([
      '127.0.0.1:19092',
    ]);
    expect(readKafkaConnection({}, 'prod').missing).toEqual(['KAFKA_BOOTSTRAP_BROKERS_TLS']);
  });

  it('describes a connection and its errors with brokers, protocol and mechanism, never a secret', () => {
    const connection = loadConfig('my-service', { ...prodEnv, ...SCRAM, KAFKA_SSL_CA_FILE: '/ca.pem' }).kafka;
    expect(describeKafkaConnection(connection)).toBe(
      'b-1:9096,b-2:9096 (SASL_SSL, SCRAM-SHA-512 as my-service, CA /ca.pem)',
    );
    expect(describeKafkaConnection({ brokers: ['127.0.0.1:9092'] })).toBe('127.0.0.1:9092 (PLAINTEXT)');
    expect(describeKafkaError(connection, new Error('boom kafka-secret-123'))).toBe(
      'Kafka b-1:9096,b-2:9096 (SASL_SSL, SCRAM-SHA-512 as my-service, CA /ca.pem): boom [REDACTED]',
    );
    const systemCas = { ...connection, tls: {} };
    expect(
      describeKafkaError(
        systemCas,
        new Error('Connection error: self-signed certificate in certificate chain'),
      ),
    ).toMatch(
      /self-signed certificate in certificate chain \(.*set KAFKA_SSL_CA_FILE to the CA that signed it\)$/,
    );
    expect(redactKafkaSecrets('a kafka-secret-123 b kafka-secret-123', connection)).toBe(
      'a [REDACTED] b [REDACTED]',
    );
    expect(
      describeKafkaConnection({
        brokers: ['b:9098'],
        tls: {},
        sasl: { mechanism: 'oauthbearer', token: { kind: 'aws-msk-iam', region: 'eu-west-1' } },
      }),
    ).toBe('b:9098 (SASL_SSL, OAUTHBEARER with AWS MSK IAM in eu-west-1)');
  });
});
