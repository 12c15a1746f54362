import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisConfigFromEnv, redisOptions, requiredWithRedisUrl } from './redis-connection.config';

const dir = mkdtempSync(join(tmpdir(), 'redis-tls-'));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const caFile = join(dir, 'ca.crt');
writeFileSync(caFile, PEM);

function parse(env: Record<string, string>) {
  const problems: string[] = [];
  return { redis: redisConfigFromEnv(env, problems), problems };
}

const SECRET = 's3cr3t-p@ss';
const FORM = 'redis://[user:password@]host[:port] or rediss://...';

describe('redisConfigFromEnv: REDIS_HOST and REDIS_PORT', () => {
  it('is plaintext without credentials by default', () => {
    expect(parse({ REDIS_HOST: 'redis.internal', REDIS_PORT: '6379' })).toEqual({
      redis: { host: 'redis.internal', port: 6379 },
      problems: [],
    });
  });

  it('adds TLS, an ACL user and a CA file', () => {
    expect(
      parse({
        REDIS_HOST: 'redis.internal',
        REDIS_PORT: '6380',
        REDIS_TLS: 'true',
        REDIS_USERNAME: 'my-service',
        REDIS_PASSWORD: SECRET,
        REDIS_TLS_CA_FILE: caFile,
      }),
    ).toEqual({
      redis: {
        host: 'redis.internal',
        port: 6380,
        tls: { caFile },
        username: 'my-service',
        password: SECRET,
      },
      problems: [],
    });
    expect(parse({ REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_TLS: 'true' }).redis.tls).toEqual({});
    expect(parse({ REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_TLS: 'false' }).redis.tls).toBeUndefined();
    // A password alone authenticates the default user (AUTH <password>).
    expect(parse({ REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_PASSWORD: SECRET }).redis).toEqual({
      host: 'h',
      port: 1,
      password: SECRET,
    });
  });

  it('names what is wrong', () => {
    const { problems } = parse({
      REDIS_HOST: 'h',
      REDIS_PORT: 'sixty',
      REDIS_TLS: 'yes',
      REDIS_USERNAME: 'my-service',
    });
    expect(problems).toEqual([
      'REDIS_PORT must be a port number, got "sixty"',
      'REDIS_TLS must be true or false, got "yes"',
      'REDIS_USERNAME is set but REDIS_PASSWORD is not',
    ]);
    expect(parse({ REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_TLS_CA_FILE: caFile }).problems).toEqual([
      'REDIS_TLS_CA_FILE is set but REDIS_TLS is not true',
    ]);
    expect(
      parse({ REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_TLS: 'true', REDIS_TLS_CA_FILE: join(dir, 'nope') })
        .problems,
    ).toEqual([`REDIS_TLS_CA_FILE names a file that cannot be read: "${join(dir, 'nope')}" (ENOENT)`]);
  });
});

describe('redisConfigFromEnv: REDIS_URL', () => {
  it('reads redis:// and rediss:// with user and password (percent-decoded), default port 6379', () => {
    expect(parse({ REDIS_URL: 'redis://redis.internal:6390' }).redis).toEqual({
      host: 'redis.internal',
      port: 6390,
    });
    expect(parse({ REDIS_URL: 'rediss://redis.internal' }).redis).toEqual({
      host: 'redis.internal',
      port: 6379,
      tls: {},
    });
    expect(
      parse({
        REDIS_URL: `rediss://my-service:${encodeURIComponent(SECRET)}@10.0.0.7:6380/0`,
        REDIS_TLS_CA_FILE: caFile,
      }),
    ).toEqual({
      redis: { host: '10.0.0.7', port: 6380, tls: { caFile }, username: 'my-service', password: SECRET },
      problems: [],
    });
    expect(parse({ REDIS_URL: `redis://:${SECRET}@h` }).redis).toEqual({
      host: 'h',
      port: 6379,
      password: SECRET,
    });
    expect(parse({ REDIS_URL: 'rediss://[::1]:6380' }).redis.host).toBe('::1');
  });

  it('refuses REDIS_HOST and the other parts next to it', () => {
    expect(
      parse({ REDIS_URL: 'redis://h:1', REDIS_HOST: 'h', REDIS_PORT: '1', REDIS_PASSWORD: SECRET }).problems,
    ).toEqual([
      'REDIS_URL is set, so REDIS_HOST, REDIS_PORT, REDIS_PASSWORD must not be (the URL carries them)',
    ]);
  });

  it('names the problem without quoting the URL or its password', () => {
    const cases: Array<[string, string]> = [
      [`http://u:${SECRET}@h:1`, `REDIS_URL must start with redis:// or rediss://; expected ${FORM}`],
      [`u:${SECRET}@h`, `REDIS_URL must start with redis:// or rediss://; expected ${FORM}`],
      [`redis//u:${SECRET}@h`, `REDIS_URL is not a URL; expected ${FORM}`],
      [
        `redis://u:${SECRET}@h:1/3`,
        'REDIS_URL selects database 3; only database 0 is supported (no path, or /0)',
      ],
      [
        `redis://u:${SECRET}@h:1/${SECRET}`,
        'REDIS_URL selects database; only database 0 is supported (no path, or /0)',
      ],
      ['redis:///', `REDIS_URL has no host; expected ${FORM}`],
      [`redis://u:${SECRET}@h:1?tls=true`, 'REDIS_URL must not have a query or fragment'],
      [`redis://u:%E0%A4%A@h:1`, 'REDIS_URL has a malformed percent-encoding in its password'],
      ['redis://my-service@h:1', 'REDIS_URL has a user name but no password'],
      [`redis://h:1`, ''],
    ];
    for (const [url, problem] of cases) {
      const { problems } = parse({ REDIS_URL: url });
      expect(problems).toEqual(problem ? [problem] : []);
      expect(problems.join(' ')).not.toContain(SECRET);
    }
    expect(parse({ REDIS_URL: 'redis://h:1', REDIS_TLS_CA_FILE: caFile }).problems).toEqual([
      'REDIS_TLS_CA_FILE is set but REDIS_URL is redis:// (plaintext): use rediss://',
    ]);
  });

  it('takes REDIS_HOST and REDIS_PORT off the required list', () => {
    const required = ['PORT', 'REDIS_HOST', 'REDIS_PORT', 'KAFKA_PREFIX'] as const;
    expect(requiredWithRedisUrl(required, {})).toEqual([...required]);
    expect(requiredWithRedisUrl(required, { REDIS_URL: 'redis://h' })).toEqual(['PORT', 'KAFKA_PREFIX']);
  });
});

describe('redisOptions (ioredis)', () => {
  it('passes host and port, and only the credentials and TLS that are set', () => {
    expect(redisOptions({ host: '127.0.0.1', port: 6379 })).toEqual({ host: '127.0.0.1', port: 6379 });
    expect(redisOptions({ host: 'h', port: 1, tls: {}, username: 'u', password: SECRET })).toEqual({
      host: 'h',
      port: 1,
      username: 'u',
      password: SECRET,
      tls: {},
    });
  });

  it('reads the CA file into tls.ca', () => {
    expect(redisOptions({ host: 'h', port: 1, tls: { caFile } }).tls).toEqual({ ca: PEM });
  });
});
