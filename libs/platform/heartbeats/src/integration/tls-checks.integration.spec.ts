import { postgresSslOptions, redisOptions, type DatabaseSslConfig, type RedisConfig } from '@platform/config';
import { ensureLocalTls, infraSettings, unrelatedCaFile, type LocalTls } from '@platform/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { postgresAvailableCheck } from '../lib/checks/postgres-available.check';
import { redisAvailableCheck } from '../lib/checks/redis-available.check';
import { HeartbeatsRegistry } from '../lib/heartbeats.registry';

jest.setTimeout(30_000);

// The standard readiness checks on clients built the way the apps build them, against the
// local Postgres and Redis over TLS: healthy when the connection is right, and a reason that
// says what is wrong (never a password) when it is not.
describe('postgres and redis readiness checks over TLS (real services)', () => {
  let tls: LocalTls;
  const closers: Array<() => Promise<unknown> | void> = [];

  beforeAll(async () => {
    tls = await ensureLocalTls();
  }, 10 * 60_000);

  afterAll(() => Promise.all(closers.map((close) => close())));

  async function readiness(run: Parameters<HeartbeatsRegistry['registerReadinessCheck']>[1]) {
    const registry = new HeartbeatsRegistry();
    registry.registerReadinessCheck('check', run, { timeoutMs: 5000 });
    const [check] = (await registry.report('readiness')).checks;
    return check;
  }

  function pool(ssl: DatabaseSslConfig): Pool {
    const s = infraSettings();
    const db = new Pool({
      host: tls.host,
      port: tls.postgresPort,
      user: s.POSTGRES_USER,
      password: s.POSTGRES_PASSWORD,
      database: s.POSTGRES_TEST_DB,
      ssl: postgresSslOptions(ssl),
      max: 1,
    });
    closers.push(() => db.end());
    return db;
  }

  /** `failing`: no reconnects, so the client ends by itself (disconnect() would leave a 2 s timer). */
  function redis(config: Partial<RedisConfig>, failing = false): Redis {
    const client = new Redis({
      ...redisOptions({
        host: tls.host,
        port: tls.redisTlsPort,
        tls: { caFile: tls.caFile },
        username: tls.redisUser,
        password: tls.redisPassword,
        ...config,
      }),
      // As the consumers app: commands fail fast instead of queueing.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      ...(failing ? { retryStrategy: () => null } : {}),
    });
    closers.push(() =>
      client.status === 'ready' ? client.quit() : client.status === 'end' ? undefined : client.disconnect(),
    );
    return client;
  }

  it('postgres: healthy with verify-full and the local CA', async () => {
    expect(
      await readiness(postgresAvailableCheck(pool({ mode: 'verify-full', caFile: tls.caFile }))),
    ).toMatchObject({ status: 'ok' });
  });

  it('postgres: unhealthy with an unrelated CA, the reason naming the certificate problem', async () => {
    const check = await readiness(
      postgresAvailableCheck(pool({ mode: 'verify-full', caFile: unrelatedCaFile() })),
    );
    expect(check.status).toBe('unhealthy');
    expect(check.reason).toMatch(/unable to verify the first certificate$/);
  });

  it('redis: healthy over rediss:// as the ACL user', async () => {
    const client = redis({});
    await new Promise((resolve) => client.once('ready', resolve));
    expect(await readiness(redisAvailableCheck(client))).toMatchObject({ status: 'ok' });
  });

  it('redis: a wrong password reads WRONGPASS, not "Stream isn\'t writeable", and not the password', async () => {
    const wrong = `wrong-${randomUUID()}`;
    const client = redis({ password: wrong }, true);
    const check = redisAvailableCheck(client);
    await new Promise((resolve) => client.once('error', resolve));
    const report = await readiness(check);
    expect(report.status).toBe('unhealthy');
    expect(report.reason).toMatch(/^Redis \w+: WRONGPASS invalid username-password pair/);
    expect(report.reason).not.toContain(wrong);
  });

  it('redis: an unrelated CA reads as the TLS failure', async () => {
    const client = redis({ tls: { caFile: unrelatedCaFile() } }, true);
    const check = redisAvailableCheck(client);
    await new Promise((resolve) => client.once('error', resolve));
    expect((await readiness(check)).reason).toMatch(
      /^Redis \w+: self-signed certificate in certificate chain/,
    );
  });
});
