import { isAbsolute, resolve } from 'node:path';
import type { DatabaseSslConfig, DatabaseSslMode } from './app-config';
import { checkCaFile, readCaFile } from './ca-file';
import type { Env } from './fetch-env';

export const DATABASE_SSL_MODES: readonly DatabaseSslMode[] = ['verify-full', 'require', 'disable'];

/**
 * Production's database TLS: `DATABASE_SSL_MODE` (default `verify-full`; `disable` only when
 * set so), `DATABASE_SSL_CA_FILE` (optional: the system's CAs otherwise) and
 * `KAFKA_CONNECT_DATABASE_SSL_CA_FILE` (the same CA as the Kafka Connect worker reads it;
 * default `DATABASE_SSL_CA_FILE` made absolute, i.e. the same path on the worker). What is wrong goes to
 * `problems`, for runtimeConfig to report with the rest.
 */
export function databaseSslFromEnv(env: Env, problems: string[]): DatabaseSslConfig {
  const raw = env.DATABASE_SSL_MODE || 'verify-full';
  const mode = DATABASE_SSL_MODES.find((m) => m === raw);
  if (!mode) {
    problems.push(`DATABASE_SSL_MODE must be one of ${DATABASE_SSL_MODES.join(', ')}, got "${raw}"`);
    return { mode: 'verify-full' };
  }
  const caFile = env.DATABASE_SSL_CA_FILE || undefined;
  const connectCaFile = env.KAFKA_CONNECT_DATABASE_SSL_CA_FILE || (caFile && resolve(caFile));
  for (const [name, value] of [
    ['DATABASE_SSL_CA_FILE', caFile],
    ['KAFKA_CONNECT_DATABASE_SSL_CA_FILE', env.KAFKA_CONNECT_DATABASE_SSL_CA_FILE],
  ] as const) {
    if (value && mode !== 'verify-full') {
      problems.push(`${name} is set but DATABASE_SSL_MODE is ${mode}: a CA is only used with verify-full`);
    }
  }
  if (caFile) checkCaFile('DATABASE_SSL_CA_FILE', caFile, problems);
  // Not checked for existence: it is a path on the worker, not here.
  if (env.KAFKA_CONNECT_DATABASE_SSL_CA_FILE && !isAbsolute(env.KAFKA_CONNECT_DATABASE_SSL_CA_FILE)) {
    problems.push(
      `KAFKA_CONNECT_DATABASE_SSL_CA_FILE must be an absolute path on the Kafka Connect worker, got "${env.KAFKA_CONNECT_DATABASE_SSL_CA_FILE}"`,
    );
  }
  return {
    mode,
    ...(caFile ? { caFile } : {}),
    ...(connectCaFile && mode === 'verify-full' ? { connectCaFile } : {}),
  };
}

/** What node-postgres (TypeORM, pg-boss, pg.Client) takes as `ssl`. */
export type PostgresSslOptions = false | { rejectUnauthorized: boolean; ca?: string };

/**
 * The `ssl` option of node-postgres for a database config: `verify-full` checks the chain
 * against the CA file (or the system's CAs) and, as node-postgres always does, the host name
 * (IP addresses against the certificate's IP entries); `require` encrypts without checks;
 * `disable` or no `ssl` is plaintext. Reads the CA file when called.
 */
export function postgresSslOptions(ssl: DatabaseSslConfig | undefined): PostgresSslOptions {
  if (!ssl || ssl.mode === 'disable') return false;
  if (ssl.mode === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(ssl.caFile ? { ca: readCaFile(ssl.caFile) } : {}) };
}
