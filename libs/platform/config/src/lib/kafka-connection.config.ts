import type { AppEnvironment } from './app-config';
import type { Env } from './fetch-env';

/**
 * How the apps reach Kafka: the brokers, TLS and SASL. Plain data (no kafkajs), made from the
 * environment by {@link readKafkaConnection}; `kafkaClientConfig()` turns it into the kafkajs
 * client's `brokers`/`ssl`/`sasl`. Part of `AppConfig['kafka']`.
 */
export interface KafkaConnectionConfig {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** TLS on (brokers from `KAFKA_BOOTSTRAP_BROKERS_TLS`); absent: plaintext (dev and test, or prod with `KAFKA_ALLOW_PLAINTEXT=true`). */
  tls?: KafkaTlsConfig;
  /** Absent: no SASL (no authentication, or TLS alone). */
  sasl?: KafkaSaslConfig;
}

export interface KafkaTlsConfig {
  /** PEM file of the CA(s) that signed the brokers' certificates (`KAFKA_SSL_CA_FILE`); the system CAs when absent. */
  caFile?: string;
}

export type KafkaSaslConfig =
  | { mechanism: 'scram-sha-512' | 'plain'; username: string; password: string }
  | { mechanism: 'oauthbearer'; token: KafkaOauthTokenSource };

/** Where OAUTHBEARER tokens come from; asked again on every (re)authentication. */
export type KafkaOauthTokenSource =
  /** A file with the token, re-read on each call (a sidecar or projected volume keeps it fresh). */
  | { kind: 'file'; file: string }
  /** OAuth 2 client credentials grant at a token endpoint (HTTP Basic client authentication). */
  | { kind: 'client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string }
  /** AWS MSK IAM: a token signed by `aws-msk-iam-sasl-signer-js` with the default AWS credential chain. */
  | { kind: 'aws-msk-iam'; region: string };

/** Every variable {@link readKafkaConnection} reads, for documentation and tests. */
export const KAFKA_CONNECTION_ENV = [
  'KAFKA_BOOTSTRAP_BROKERS_TLS',
  'KAFKA_BOOTSTRAP_BROKERS',
  'KAFKA_ALLOW_PLAINTEXT',
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_OAUTHBEARER_TOKEN_FILE',
  'KAFKA_SASL_OAUTHBEARER_TOKEN_URL',
  'KAFKA_SASL_OAUTHBEARER_CLIENT_ID',
  'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET',
  'KAFKA_SASL_OAUTHBEARER_SCOPE',
  'KAFKA_SASL_AWS_REGION',
] as const;

/** `KAFKA_SASL_MECHANISM` values. AWS_MSK_IAM is OAUTHBEARER on the wire, with MSK's signed token. */
export const KAFKA_SASL_MECHANISMS = ['SCRAM-SHA-512', 'PLAIN', 'OAUTHBEARER', 'AWS_MSK_IAM'] as const;

export interface KafkaConnectionReading {
  /** Undefined only when `missing` or `problems` is not empty. */
  connection?: KafkaConnectionConfig;
  /** Required variables that are not set (for one MissingEnvironmentError with the others). */
  missing: string[];
  /** Set but unusable; never contains a secret's value. */
  problems: string[];
}

const BROKER = /^(\[[0-9a-fA-F:.]+\]|[^\s:,[\]]+):(\d{1,5})$/;

/**
 * Reads the connection from the environment. In prod the brokers must be set, TLS
 * (`KAFKA_BOOTSTRAP_BROKERS_TLS`) unless `KAFKA_ALLOW_PLAINTEXT=true` lets
 * `KAFKA_BOOTSTRAP_BROKERS` through; in dev and test `defaults` (the local plaintext broker)
 * apply unless the same variables say otherwise. Reports instead of throwing, so that the
 * caller names every missing variable of the whole config at once.
 */
export function readKafkaConnection(
  env: Env,
  environment: AppEnvironment,
  defaults?: KafkaConnectionConfig,
): KafkaConnectionReading {
  const missing: string[] = [];
  const problems: string[] = [];
  const set = (name: (typeof KAFKA_CONNECTION_ENV)[number]) => env[name] !== undefined && env[name] !== '';
  const prod = environment === 'prod';

  const allowPlaintext = env.KAFKA_ALLOW_PLAINTEXT;
  if (allowPlaintext && allowPlaintext !== 'true' && allowPlaintext !== 'false')
    problems.push(`KAFKA_ALLOW_PLAINTEXT must be true or false, got "${allowPlaintext}"`);

  let brokers: string[] = [];
  let tls: KafkaTlsConfig | undefined;
  if (set('KAFKA_BOOTSTRAP_BROKERS_TLS') && set('KAFKA_BOOTSTRAP_BROKERS')) {
    problems.push(
      'set one of KAFKA_BOOTSTRAP_BROKERS_TLS (TLS) and KAFKA_BOOTSTRAP_BROKERS (plaintext), not both',
    );
  } else if (set('KAFKA_BOOTSTRAP_BROKERS_TLS')) {
    brokers = brokerList('KAFKA_BOOTSTRAP_BROKERS_TLS', env.KAFKA_BOOTSTRAP_BROKERS_TLS, problems);
    tls = set('KAFKA_SSL_CA_FILE') ? { caFile: env.KAFKA_SSL_CA_FILE } : {};
  } else if (set('KAFKA_BOOTSTRAP_BROKERS')) {
    brokers = brokerList('KAFKA_BOOTSTRAP_BROKERS', env.KAFKA_BOOTSTRAP_BROKERS, problems);
    if (prod && allowPlaintext !== 'true')
      problems.push(
        'KAFKA_BOOTSTRAP_BROKERS is plaintext (no TLS) and refused in prod: set KAFKA_BOOTSTRAP_BROKERS_TLS ' +
          'instead, or KAFKA_ALLOW_PLAINTEXT=true for a cluster without TLS',
      );
  } else if (defaults && !prod) {
    brokers = [...defaults.brokers];
    tls = defaults.tls;
  } else {
    missing.push('KAFKA_BOOTSTRAP_BROKERS_TLS');
  }
  if (!tls && set('KAFKA_SSL_CA_FILE'))
    problems.push('KAFKA_SSL_CA_FILE is set but TLS is off: TLS brokers go in KAFKA_BOOTSTRAP_BROKERS_TLS');

  const sasl = readSasl(env, set, missing, problems);
  if (prod && !tls && (sasl?.mechanism === 'plain' || sasl?.mechanism === 'oauthbearer'))
    problems.push(
      `KAFKA_SASL_MECHANISM=${env.KAFKA_SASL_MECHANISM} sends its secret in clear text: in prod only over TLS (KAFKA_BOOTSTRAP_BROKERS_TLS)`,
    );
  if (sasl?.mechanism === 'oauthbearer' && sasl.token.kind === 'aws-msk-iam' && !tls)
    problems.push('KAFKA_SASL_MECHANISM=AWS_MSK_IAM needs TLS brokers (KAFKA_BOOTSTRAP_BROKERS_TLS)');

  if (missing.length > 0 || problems.length > 0) return { missing, problems };
  const connection: KafkaConnectionConfig = { brokers };
  if (tls) connection.tls = tls;
  if (sasl) connection.sasl = sasl;
  return { connection, missing, problems };
}

function brokerList(name: string, raw: string | undefined, problems: string[]): string[] {
  const brokers = (raw ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  if (brokers.length === 0) problems.push(`${name} must list at least one host:port`);
  for (const broker of brokers) {
    const match = BROKER.exec(broker);
    const port = match ? Number(match[2]) : 0;
    if (!match || port < 1 || port > 65535) problems.push(`${name}: "${broker}" is not host:port`);
  }
  return brokers;
}

function readSasl(
  env: Env,
  set: (name: (typeof KAFKA_CONNECTION_ENV)[number]) => boolean,
  missing: string[],
  problems: string[],
): KafkaSaslConfig | undefined {
  const saslVariables = KAFKA_CONNECTION_ENV.filter((n) => n.startsWith('KAFKA_SASL_') && set(n));
  const raw = env.KAFKA_SASL_MECHANISM;
  if (!raw) {
    if (saslVariables.length > 0)
      problems.push(`${saslVariables.join(', ')} set but KAFKA_SASL_MECHANISM is not`);
    return undefined;
  }
  const mechanism = raw.trim().toUpperCase();
  const need = (...names: Array<(typeof KAFKA_CONNECTION_ENV)[number]>) => {
    for (const name of names) if (!set(name)) missing.push(name);
    return names.every(set);
  };
  switch (mechanism) {
    case 'SCRAM-SHA-512':
    case 'PLAIN':
      if (!need('KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD')) return undefined;
      return {
        mechanism: mechanism === 'PLAIN' ? 'plain' : 'scram-sha-512',
        username: env.KAFKA_SASL_USERNAME as string,
        password: env.KAFKA_SASL_PASSWORD as string,
      };
    case 'OAUTHBEARER': {
      const file = set('KAFKA_SASL_OAUTHBEARER_TOKEN_FILE');
      const url = set('KAFKA_SASL_OAUTHBEARER_TOKEN_URL');
      if (file === url) {
        problems.push(
          'KAFKA_SASL_MECHANISM=OAUTHBEARER needs exactly one of KAFKA_SASL_OAUTHBEARER_TOKEN_FILE ' +
            'and KAFKA_SASL_OAUTHBEARER_TOKEN_URL',
        );
        return undefined;
      }
      if (file)
        return {
          mechanism: 'oauthbearer',
          token: { kind: 'file', file: env.KAFKA_SASL_OAUTHBEARER_TOKEN_FILE as string },
        };
      if (!need('KAFKA_SASL_OAUTHBEARER_CLIENT_ID', 'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET')) return undefined;
      const tokenUrl = env.KAFKA_SASL_OAUTHBEARER_TOKEN_URL as string;
      if (!/^https?:\/\//.test(tokenUrl)) {
        problems.push(`KAFKA_SASL_OAUTHBEARER_TOKEN_URL must be an http(s) URL, got "${tokenUrl}"`);
        return undefined;
      }
      return {
        mechanism: 'oauthbearer',
        token: {
          kind: 'client-credentials',
          tokenUrl,
          clientId: env.KAFKA_SASL_OAUTHBEARER_CLIENT_ID as string,
          clientSecret: env.KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET as string,
          ...(set('KAFKA_SASL_OAUTHBEARER_SCOPE') ? { scope: env.KAFKA_SASL_OAUTHBEARER_SCOPE } : {}),
        },
      };
    }
    case 'AWS_MSK_IAM': {
      const region = env.KAFKA_SASL_AWS_REGION || env.AWS_REGION;
      if (!region) {
        missing.push('AWS_REGION');
        return undefined;
      }
      return { mechanism: 'oauthbearer', token: { kind: 'aws-msk-iam', region } };
    }
    default:
      problems.push(`KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}, got "${raw}"`);
      return undefined;
  }
}

/** The security protocol in Kafka's words: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
export function kafkaSecurityProtocol(connection: KafkaConnectionConfig): string {
  if (connection.sasl) return connection.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  return connection.tls ? 'SSL' : 'PLAINTEXT';
}

/** The SASL mechanism as the broker names it (MSK IAM: `OAUTHBEARER`), or undefined without SASL. */
export function kafkaSaslMechanism(connection: KafkaConnectionConfig): string | undefined {
  return connection.sasl?.mechanism.toUpperCase();
}

/**
 * For logs and error messages, without any secret: `b-1:9096,b-2:9096 (SASL_SSL, SCRAM-SHA-512 as
 * my-service)`, `127.0.0.1:9092 (PLAINTEXT)`.
 */
export function describeKafkaConnection(connection: KafkaConnectionConfig): string {
  const parts = [kafkaSecurityProtocol(connection)];
  const sasl = connection.sasl;
  if (sasl?.mechanism === 'oauthbearer') {
    const token = sasl.token;
    if (token.kind === 'file') parts.push(`OAUTHBEARER with the token in ${token.file}`);
    else if (token.kind === 'client-credentials')
      parts.push(`OAUTHBEARER with client ${token.clientId} at ${token.tokenUrl}`);
    else parts.push(`OAUTHBEARER with AWS MSK IAM in ${token.region}`);
  } else if (sasl) {
    parts.push(`${sasl.mechanism.toUpperCase()} as ${sasl.username}`);
  }
  if (connection.tls?.caFile) parts.push(`CA ${connection.tls.caFile}`);
  return `${connection.brokers.join(',')} (${parts.join(', ')})`;
}

/** The secrets in a connection, so that log output can be scrubbed of them. */
export function kafkaConnectionSecrets(connection: KafkaConnectionConfig): string[] {
  const sasl = connection.sasl;
  if (!sasl) return [];
  if (sasl.mechanism !== 'oauthbearer') return [sasl.password];
  return sasl.token.kind === 'client-credentials' ? [sasl.token.clientSecret] : [];
}

/** `text` with every secret of the connection replaced by `[REDACTED]`. */
export function redactKafkaSecrets(text: string, connection: KafkaConnectionConfig): string {
  let out = text;
  for (const secret of kafkaConnectionSecrets(connection)) {
    if (secret) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

/**
 * A Kafka client error with where it happened: the brokers, the protocol and the mechanism
 * (kafkajs names neither), and what to check when the broker's certificate is not trusted.
 */
export function describeKafkaError(connection: KafkaConnectionConfig, error: unknown): string {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  let hint = '';
  if (connection.tls && /certificate|self[- ]signed|unable to verify|issuer/i.test(reason))
    hint = connection.tls.caFile
      ? ` (the brokers' certificate does not verify against ${connection.tls.caFile})`
      : " (the brokers' certificate is not signed by a system CA: set KAFKA_SSL_CA_FILE to the CA that signed it)";
  return redactKafkaSecrets(`Kafka ${describeKafkaConnection(connection)}: ${reason}${hint}`, connection);
}
