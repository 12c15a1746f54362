import { randomUUID } from 'node:crypto';
import { loadConfig, postgresSslOptions, type AppConfig } from '@platform/config';
import {
  ensureLocalTls,
  localProductionEnv,
  scratchDatabase,
  unrelatedCaFile,
  type LocalTls,
  type ScratchDatabase,
} from '@platform/testing';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source.options';
import { jobQueueOptions } from '../job-queue.options';

// The service's own Postgres clients (TypeORM and pg-boss) against the local Postgres with
// ssl=on (infra/local/postgres.sh), configured the production way: DATABASE_SSL_MODE and
// DATABASE_SSL_CA_FILE through loadConfig.
const SSL_OF_THIS_SESSION = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

describe('Postgres over TLS (real Postgres with the local CA)', () => {
  let tls: LocalTls;
  let db: ScratchDatabase;

  beforeAll(async () => {
    tls = await ensureLocalTls();
    db = await scratchDatabase(`domain_tls_${randomUUID().slice(0, 8)}`);
  }, 10 * 60_000);

  afterAll(() => db?.drop());

  function prodConfig(tlsEnv: Record<string, string>): AppConfig {
    const { DATABASE_SSL_MODE: _plaintext, ...env } = localProductionEnv({
      database: db.name,
      prefix: 'tls',
    });
    return loadConfig('my-service', { ...env, ...tlsEnv });
  }

  async function sslOfSession(config: AppConfig): Promise<boolean> {
    const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
    try {
      const [row] = (await dataSource.query(SSL_OF_THIS_SESSION)) as Array<{ ssl: boolean }>;
      return row.ssl;
    } finally {
      await dataSource.destroy();
    }
  }

  it('TypeORM with verify-full and the local CA holds a TLS session', async () => {
    const config = prodConfig({ DATABASE_SSL_CA_FILE: tls.caFile });
    expect(config.database.ssl).toEqual({
      mode: 'verify-full',
      caFile: tls.caFile,
      connectCaFile: tls.caFile,
    });
    expect(await sslOfSession(config)).toBe(true);
  });

  it('verify-full refuses the server with a CA that did not sign it, naming the certificate problem', async () => {
    const config = prodConfig({ DATABASE_SSL_CA_FILE: unrelatedCaFile() });
    await expect(sslOfSession(config)).rejects.toThrow('unable to verify the first certificate');
    // With no CA file, verify-full trusts the system's CAs only, which did not sign it either.
    await expect(sslOfSession(prodConfig({}))).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN/),
    });
  });

  it('verify-full checks the host name too (the certificate is for 127.0.0.1 and localhost)', async () => {
    const config = prodConfig({ DATABASE_SSL_CA_FILE: tls.caFile });
    const ssl = postgresSslOptions(config.database.ssl);
    const { host, port, username: user, password, database } = config.database;
    // As if the server were reached under a name its certificate does not carry.
    const client = new Client({
      host,
      port,
      user,
      password,
      database,
      ssl: { ...ssl, servername: 'db.example.internal' },
    });
    await expect(client.connect()).rejects.toThrow(
      /Hostname\/IP does not match certificate's altnames: Host: db\.example\.internal/,
    );
  });

  it('require encrypts without a CA; disable stays plaintext (the server takes both)', async () => {
    expect(await sslOfSession(prodConfig({ DATABASE_SSL_MODE: 'require' }))).toBe(true);
    expect(await sslOfSession(prodConfig({ DATABASE_SSL_MODE: 'disable' }))).toBe(false);
  });

  it('pg-boss starts over TLS with the same options', async () => {
    const config = prodConfig({ DATABASE_SSL_CA_FILE: tls.caFile });
    const boss = new PgBoss({ ...jobQueueOptions(config), migrate: true, supervise: false, schedule: false });
    const errors: Error[] = [];
    boss.on('error', (error) => errors.push(error));
    await boss.start();
    try {
      const result = await boss.getDb().executeSql(SSL_OF_THIS_SESSION, []);
      expect(result.rows).toEqual([{ ssl: true }]);
      await boss.createQueue('tls-check');
      const id = await boss.send('tls-check', { ok: true });
      expect(id).toEqual(expect.any(String));
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    expect(errors).toEqual([]);
  });

  it('pg-boss with an unrelated CA fails to start on the certificate', async () => {
    const config = prodConfig({ DATABASE_SSL_CA_FILE: unrelatedCaFile() });
    const boss = new PgBoss({ ...jobQueueOptions(config), migrate: true, supervise: false, schedule: false });
    boss.on('error', () => undefined);
    await expect(boss.start()).rejects.toThrow('unable to verify the first certificate');
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
  });
});
