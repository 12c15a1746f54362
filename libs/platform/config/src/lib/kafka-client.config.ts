import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
// Types only: this lib does not load kafkajs; the clients that do spread this into their config.
import type {
  KafkaConfig as KafkaJsConfig,
  OauthbearerProviderResponse,
  ProducerConfig,
  SASLOptions,
} from 'kafkajs';
import { InvalidConfigError } from './invalid-config.error';
import type { KafkaConnectionConfig, KafkaOauthTokenSource } from './kafka-connection.config';

/** The connection part of a kafkajs client's config. */
export type KafkaClientConnection = Required<Pick<KafkaJsConfig, 'brokers'>> &
  Pick<KafkaJsConfig, 'ssl' | 'sasl'>;

/**
 * THE way every Kafka client of the repository connects: `new Kafka({ clientId,
 * ...kafkaClientConfig(config.kafka) })` (kafkaesque's `createKafkaClient` does it for the
 * module, the tools and the apps). TLS when the connection has it (the system CAs, or only the
 * CA file's), SASL SCRAM-SHA-512 / PLAIN, or OAUTHBEARER with a token provider kafkajs calls on
 * every (re)authentication. Pure apart from reading the CA file, which fails here, at boot.
 */
export function kafkaClientConfig(connection: KafkaConnectionConfig): KafkaClientConnection {
  const config: KafkaClientConnection = { brokers: [...connection.brokers] };
  if (connection.tls) {
    const caFile = connection.tls.caFile;
    config.ssl = caFile ? { ca: [readCa(caFile)] } : true;
  }
  const sasl = connection.sasl;
  if (sasl?.mechanism === 'oauthbearer') {
    config.sasl = { mechanism: 'oauthbearer', oauthBearerProvider: oauthBearerProvider(sasl.token) };
  } else if (sasl) {
    config.sasl = {
      mechanism: sasl.mechanism,
      username: sasl.username,
      password: sasl.password,
    } as SASLOptions;
  }
  return config;
}

/**
 * Every producer's settings: `idempotent` (no duplicates from retries; kafkajs then retries
 * without limit) with `maxInFlightRequests: 1`, which kafkajs' idempotent producer needs to keep
 * sequence numbers in order. Sends must pass `acks: -1` (all in-sync replicas), the only value
 * the idempotent producer accepts.
 */
export function kafkaProducerConfig(overrides: Omit<ProducerConfig, 'idempotent'> = {}): ProducerConfig {
  return { ...overrides, idempotent: true, maxInFlightRequests: 1 };
}

function readCa(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new InvalidConfigError([`KAFKA_SSL_CA_FILE names a file that cannot be read: "${file}" (${code})`]);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new InvalidConfigError([`KAFKA_SSL_CA_FILE names a file with no PEM certificate in it: "${file}"`]);
  return text;
}

type TokenProvider = () => Promise<OauthbearerProviderResponse>;

/** Renew this long before a token's expiry. */
const EXPIRY_MARGIN_MS = 60_000;

export function oauthBearerProvider(source: KafkaOauthTokenSource): TokenProvider {
  switch (source.kind) {
    case 'file':
      return async () => {
        // Re-read on every call: whatever rotates the file (a sidecar, a projected token) is followed.
        const value = (await readFile(source.file, 'utf8')).trim();
        if (!value) throw new Error(`OAUTHBEARER token file ${source.file} is empty`);
        return { value };
      };
    case 'client-credentials':
      return cached(() => clientCredentialsToken(source));
    case 'aws-msk-iam':
      return cached(async () => {
        // Loaded only when used: the AWS SDK stays out of apps that do not talk to MSK.
        const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
        const { token, expiryTime } = await generateAuthToken({ region: source.region });
        return { value: token, expiresAt: expiryTime };
      });
  }
}

/** One token at a time, fetched again once it is (nearly) expired; concurrent callers share a fetch. */
function cached(fetchToken: () => Promise<{ value: string; expiresAt?: number }>): TokenProvider {
  let current: { value: string; expiresAt?: number } | undefined;
  let pending: Promise<{ value: string; expiresAt?: number }> | undefined;
  return async () => {
    if (current && current.expiresAt !== undefined && current.expiresAt - EXPIRY_MARGIN_MS > Date.now())
      return { value: current.value };
    pending ??= fetchToken().finally(() => (pending = undefined));
    current = await pending;
    return { value: current.value };
  };
}

async function clientCredentialsToken(
  source: Extract<KafkaOauthTokenSource, { kind: 'client-credentials' }>,
): Promise<{ value: string; expiresAt?: number }> {
  const body = new URLSearchParams({ grant_type: 'client_credentials' });
  if (source.scope) body.set('scope', source.scope);
  const basic = Buffer.from(
    `${encodeURIComponent(source.clientId)}:${encodeURIComponent(source.clientSecret)}`,
  ).toString('base64');
  const started = Date.now();
  const res = await fetch(source.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(
      `OAUTHBEARER token endpoint ${source.tokenUrl} answered ${res.status} for client ${source.clientId}: ${text.slice(0, 200)}`,
    );
  let parsed: { access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`OAUTHBEARER token endpoint ${source.tokenUrl} answered something that is not JSON`);
  }
  if (typeof parsed.access_token !== 'string' || !parsed.access_token)
    throw new Error(`OAUTHBEARER token endpoint ${source.tokenUrl} answered without an access_token`);
  const expiresIn = Number(parsed.expires_in);
  return {
    value: parsed.access_token,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? started + expiresIn * 1000 : undefined,
  };
}
