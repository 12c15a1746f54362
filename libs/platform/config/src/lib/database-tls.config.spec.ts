import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { databaseSslFromEnv, postgresSslOptions } from './database-tls.config';

const dir = mkdtempSync(join(tmpdir(), 'database-tls-'));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const caFile = join(dir, 'ca.crt');
writeFileSync(caFile, PEM);
const notPem = join(dir, 'not-a-cert.txt');
writeFileSync(notPem, 'hello');

function parse(env: Record<string, string>) {
  const problems: string[] = [];
  return { ssl: databaseSslFromEnv(env, problems), problems };
}

describe('databaseSslFromEnv (production)', () => {
  it('defaults to verify-full with the system CAs', () => {
    expect(parse({})).toEqual({ ssl: { mode: 'verify-full' }, problems: [] });
    expect(parse({ DATABASE_SSL_MODE: '' })).toEqual({ ssl: { mode: 'verify-full' }, problems: [] });
  });

  it('takes each mode, and disable only when said', () => {
    expect(parse({ DATABASE_SSL_MODE: 'require' }).ssl).toEqual({ mode: 'require' });
    expect(parse({ DATABASE_SSL_MODE: 'disable' }).ssl).toEqual({ mode: 'disable' });
    expect(parse({ DATABASE_SSL_MODE: 'verify-full' }).ssl).toEqual({ mode: 'verify-full' });
  });

  it('rejects another mode, naming the variable and the choices', () => {
    expect(parse({ DATABASE_SSL_MODE: 'verify-ca' }).problems).toEqual([
      'DATABASE_SSL_MODE must be one of verify-full, require, disable, got "verify-ca"',
    ]);
    expect(parse({ DATABASE_SSL_MODE: 'true' }).problems).toHaveLength(1);
  });

  it('reads DATABASE_SSL_CA_FILE, and gives the Connect worker the same path by default', () => {
    expect(parse({ DATABASE_SSL_CA_FILE: caFile })).toEqual({
      ssl: { mode: 'verify-full', caFile, connectCaFile: caFile },
      problems: [],
    });
  });

  it('takes the worker its own path with KAFKA_CONNECT_DATABASE_SSL_CA_FILE, unchecked here', () => {
    expect(
      parse({
        DATABASE_SSL_CA_FILE: caFile,
        KAFKA_CONNECT_DATABASE_SSL_CA_FILE: '/etc/kafka-connect/db-ca.pem',
      }),
    ).toEqual({
      ssl: { mode: 'verify-full', caFile, connectCaFile: '/etc/kafka-connect/db-ca.pem' },
      problems: [],
    });
    expect(parse({ KAFKA_CONNECT_DATABASE_SSL_CA_FILE: '/etc/kafka-connect/db-ca.pem' }).ssl).toEqual({
      mode: 'verify-full',
      connectCaFile: '/etc/kafka-connect/db-ca.pem',
    });
  });

  it('makes a relative CA path absolute for the worker, and wants its own path absolute', () => {
    const fromCwd = parse({ DATABASE_SSL_CA_FILE: relative(process.cwd(), caFile) });
    expect(fromCwd).toEqual({
      ssl: { mode: 'verify-full', caFile: relative(process.cwd(), caFile), connectCaFile: caFile },
      problems: [],
    });
    expect(parse({ KAFKA_CONNECT_DATABASE_SSL_CA_FILE: 'certs/ca.pem' }).problems).toEqual([
      'KAFKA_CONNECT_DATABASE_SSL_CA_FILE must be an absolute path on the Kafka Connect worker, got "certs/ca.pem"',
    ]);
  });

  it('fails at boot on a CA file that cannot be read or holds no certificate', () => {
    expect(parse({ DATABASE_SSL_CA_FILE: join(dir, 'missing.crt') }).problems).toEqual([
      `DATABASE_SSL_CA_FILE names a file that cannot be read: "${join(dir, 'missing.crt')}" (ENOENT)`,
    ]);
    expect(parse({ DATABASE_SSL_CA_FILE: notPem }).problems).toEqual([
      `DATABASE_SSL_CA_FILE names a file with no PEM certificate in it: "${notPem}"`,
    ]);
  });

  it('refuses a CA with a mode that would not use it', () => {
    expect(parse({ DATABASE_SSL_MODE: 'require', DATABASE_SSL_CA_FILE: caFile }).problems).toEqual([
      'DATABASE_SSL_CA_FILE is set but DATABASE_SSL_MODE is require: a CA is only used with verify-full',
    ]);
    expect(
      parse({ DATABASE_SSL_MODE: 'disable', KAFKA_CONNECT_DATABASE_SSL_CA_FILE: '/ca.pem' }).problems,
    ).toEqual([
      'KAFKA_CONNECT_DATABASE_SSL_CA_FILE is set but DATABASE_SSL_MODE is disable: a CA is only used with verify-full',
    ]);
  });
});

describe('postgresSslOptions (node-postgres `ssl`)', () => {
  it('is plaintext without ssl or with disable', () => {
    expect(postgresSslOptions(undefined)).toBe(false);
    expect(postgresSslOptions({ mode: 'disable' })).toBe(false);
  });

  it('encrypts without checks for require', () => {
    expect(postgresSslOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
  });

  it('verifies for verify-full, with the CA file as the only trusted CA when given', () => {
    expect(postgresSslOptions({ mode: 'verify-full' })).toEqual({ rejectUnauthorized: true });
    expect(postgresSslOptions({ mode: 'verify-full', caFile, connectCaFile: '/x' })).toEqual({
      rejectUnauthorized: true,
      ca: PEM,
    });
  });
});
