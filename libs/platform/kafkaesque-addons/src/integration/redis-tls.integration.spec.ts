import type { KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
import { loadConfig, redisOptions, type AppConfig } from '@platform/config';
import { ensureLocalTls, localProductionEnv, unrelatedCaFile, type LocalTls } from '@platform/testing';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import { UUIDIdempotencyPlugin } from '../lib/idempotency/uuid-idempotency.plugin';
import { RedisInboxStrategy } from '../lib/redis/redis-inbox.strategy';
import { contractHarness, TOPIC, uniquePrefix } from './contract-harness';

jest.setTimeout(30_000);

// The Redis inbox the way production connects: REDIS_URL=rediss://<ACL user>:<password>@host:port
// and REDIS_TLS_CA_FILE through loadConfig, then redisOptions(config.redis), against the local
// Redis's TLS listener (infra/local/redis.sh) verified with the local CA.
describe('RedisInboxStrategy over rediss:// with an ACL user (real Redis, TLS)', () => {
  let tls: LocalTls;
  const clients: Redis[] = [];
  const harnesses: KafkaesqueTestHarness[] = [];

  beforeAll(async () => {
    tls = await ensureLocalTls();
  }, 10 * 60_000);

  afterEach(() => Promise.all(harnesses.splice(0).map((h) => h.close())));
  // QUIT what is connected; a client that gave up (no retries) has closed already, and
  // disconnect() on it would leave ioredis's 2 s close timer behind.
  afterAll(() =>
    Promise.all(
      clients.map((c) => (c.status === 'ready' ? c.quit() : c.status === 'end' ? null : c.disconnect())),
    ),
  );

  function prodConfig(env: { password?: string; caFile?: string } = {}): AppConfig {
    const {
      REDIS_HOST: _h,
      REDIS_PORT: _p,
      ...base
    } = localProductionEnv({ database: 'unused', prefix: 'tls' });
    const password = encodeURIComponent(env.password ?? tls.redisPassword);
    return loadConfig('kafkaesque-addons', {
      ...base,
      REDIS_URL: `rediss://${tls.redisUser}:${password}@${tls.host}:${tls.redisTlsPort}`,
      REDIS_TLS_CA_FILE: env.caFile ?? tls.caFile,
    });
  }

  function client(config: AppConfig, options: { retry?: boolean } = {}): Redis {
    const redis = new Redis({
      ...redisOptions(config.redis),
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      ...(options.retry === false ? { retryStrategy: () => null } : {}),
    });
    clients.push(redis);
    return redis;
  }

  it('connects with TLS, verified, as the ACL user', async () => {
    const config = prodConfig();
    expect(config.redis).toEqual({
      host: tls.host,
      port: tls.redisTlsPort,
      tls: { caFile: tls.caFile },
      username: tls.redisUser,
      password: tls.redisPassword,
    });
    const redis = client(config);
    await redis.connect();
    expect(await redis.call('ACL', 'WHOAMI')).toBe(tls.redisUser);
    expect(redis.stream).toBeInstanceOf(TLSSocket);
    expect((redis.stream as TLSSocket).authorized).toBe(true);
    // The user may not run what the inbox does not need.
    await expect(redis.call('FLUSHALL')).rejects.toThrow(/NOPERM/);
  });

  it('claims and marks done through the plugin, and skips the duplicate', async () => {
    const redis = client(prodConfig());
    await redis.connect();
    const prefix = uniquePrefix();
    const handled: string[] = [];
    const plugin = new UUIDIdempotencyPlugin(new RedisInboxStrategy(redis));
    const h = await contractHarness(plugin, async (message) => void handled.push(message.eventUuid ?? ''), {
      prefix,
    });
    harnesses.push(h);
    const eventUuid = randomUUID();

    await h.pushDecoded(TOPIC, { eventUuid });
    await h.pushDecoded(TOPIC, { eventUuid });
    expect(handled).toEqual([eventUuid]);
    expect(await redis.get(`${prefix}.contract:inbox:${eventUuid}`)).toBe('done');
  });

  it('fails with WRONGPASS on a wrong password, never quoting it', async () => {
    const wrong = `wrong-${randomUUID()}`;
    const config = prodConfig({ password: wrong });
    const redis = client(config, { retry: false });
    const errors: Error[] = [];
    redis.on('error', (error: Error) => errors.push(error));
    await expect(redis.connect()).rejects.toThrow();
    expect(errors[0]?.message).toBe('WRONGPASS invalid username-password pair or user is disabled.');
    for (const error of errors) expect(`${error.message} ${error.stack}`).not.toContain(wrong);
  });

  it('refuses the server with a CA that did not sign it', async () => {
    const redis = client(prodConfig({ caFile: unrelatedCaFile() }), { retry: false });
    const errors: Error[] = [];
    redis.on('error', (error: Error) => errors.push(error));
    await expect(redis.connect()).rejects.toThrow();
    expect(errors[0]?.message).toMatch(/self-signed certificate in certificate chain|unable to verify/);
  });

  it('keeps the default user working on both ports (what the other tests use)', async () => {
    const plainPort = Number(localProductionEnv({ database: 'x', prefix: 'x' }).REDIS_PORT);
    const plain = new Redis({ host: tls.host, port: plainPort, lazyConnect: true });
    const { tls: verified } = redisOptions(prodConfig().redis);
    const overTls = new Redis({ host: tls.host, port: tls.redisTlsPort, tls: verified, lazyConnect: true });
    clients.push(plain, overTls);
    await Promise.all([plain.connect(), overTls.connect()]);
    expect(await plain.call('ACL', 'WHOAMI')).toBe('default');
    expect(await overTls.call('ACL', 'WHOAMI')).toBe('default');
  });
});
