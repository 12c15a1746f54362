import type { RedisConfig } from './app-config';
import { checkCaFile, readCaFile } from './ca-file';
import type { Env } from './fetch-env';

/** The required production variables that `REDIS_URL`, when set, stands in for. */
export const REPLACED_BY_REDIS_URL: readonly string[] = ['REDIS_HOST', 'REDIS_PORT'];

/** What REDIS_URL carries itself, so setting one of these next to it is a conflict. */
const CARRIED_BY_REDIS_URL = ['REDIS_HOST', 'REDIS_PORT', 'REDIS_TLS', 'REDIS_USERNAME', 'REDIS_PASSWORD'];

/** The required names for this environment: without REDIS_HOST and REDIS_PORT when REDIS_URL is set. */
export function requiredWithRedisUrl<K extends string>(required: readonly K[], env: Env): K[] {
  return env.REDIS_URL ? required.filter((name) => !REPLACED_BY_REDIS_URL.includes(name)) : [...required];
}

/**
 * Production's Redis: either `REDIS_URL` (`redis://` or `rediss://`, with `user:password@`
 * when there are credentials) or `REDIS_HOST` and `REDIS_PORT` with optional `REDIS_TLS=true`,
 * `REDIS_USERNAME` and `REDIS_PASSWORD`; `REDIS_TLS_CA_FILE` (optional, TLS only) in both
 * cases. Problems go to `problems` and never quote the URL or a password.
 */
export function redisConfigFromEnv(env: Env, problems: string[]): RedisConfig {
  const caFile = env.REDIS_TLS_CA_FILE || undefined;
  if (caFile) checkCaFile('REDIS_TLS_CA_FILE', caFile, problems);
  const config = env.REDIS_URL ? fromUrl(env.REDIS_URL, env, problems) : fromParts(env, problems);
  if (caFile && !config.tls) {
    problems.push(
      env.REDIS_URL
        ? 'REDIS_TLS_CA_FILE is set but REDIS_URL is redis:// (plaintext): use rediss://'
        : 'REDIS_TLS_CA_FILE is set but REDIS_TLS is not true',
    );
  }
  if (config.tls && caFile) config.tls = { caFile };
  return config;
}

function fromParts(env: Env, problems: string[]): RedisConfig {
  const port = Number(env.REDIS_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    problems.push(`REDIS_PORT must be a port number, got "${env.REDIS_PORT}"`);
  }
  const tls = env.REDIS_TLS ?? '';
  if (!['', 'true', 'false'].includes(tls)) problems.push(`REDIS_TLS must be true or false, got "${tls}"`);
  if (env.REDIS_USERNAME && !env.REDIS_PASSWORD)
    problems.push('REDIS_USERNAME is set but REDIS_PASSWORD is not');
  return {
    host: env.REDIS_HOST ?? '',
    port,
    ...(tls === 'true' ? { tls: {} } : {}),
    ...(env.REDIS_USERNAME ? { username: env.REDIS_USERNAME } : {}),
    ...(env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {}),
  };
}

const URL_FORM = 'redis://[user:password@]host[:port] or rediss://...';

function fromUrl(raw: string, env: Env, problems: string[]): RedisConfig {
  const conflicts = CARRIED_BY_REDIS_URL.filter((name) => env[name]);
  if (conflicts.length > 0) {
    problems.push(`REDIS_URL is set, so ${conflicts.join(', ')} must not be (the URL carries them)`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not quoted: the URL may hold a password.
    problems.push(`REDIS_URL is not a URL; expected ${URL_FORM}`);
    return { host: '', port: 0 };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    // Nothing of it quoted, nor read further: without a scheme, "user:password@host" parses
    // with the user name as the scheme and the password in the path.
    problems.push(`REDIS_URL must start with redis:// or rediss://; expected ${URL_FORM}`);
    return { host: '', port: 0 };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) problems.push(`REDIS_URL has no host; expected ${URL_FORM}`);
  const port = url.port ? Number(url.port) : 6379;
  if (url.pathname && url.pathname !== '/' && url.pathname !== '/0') {
    const database = /^\/\d+$/.test(url.pathname) ? ` ${url.pathname.slice(1)}` : '';
    problems.push(`REDIS_URL selects database${database}; only database 0 is supported (no path, or /0)`);
  }
  if (url.search || url.hash) problems.push('REDIS_URL must not have a query or fragment');
  let malformed = false;
  const decode = (part: string, what: string): string | undefined => {
    try {
      return decodeURIComponent(part) || undefined;
    } catch {
      malformed = true;
      problems.push(`REDIS_URL has a malformed percent-encoding in its ${what}`);
      return undefined;
    }
  };
  const username = decode(url.username, 'user name');
  const password = decode(url.password, 'password');
  if (username && !password && !malformed) problems.push('REDIS_URL has a user name but no password');
  return {
    host,
    port,
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
  };
}

/** ioredis connection options (a subset of its `RedisOptions`, structurally). */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** Node's `tls.connect` options: the server is verified (chain and host name). */
  tls?: { ca?: string };
}

/**
 * The one place a Redis config becomes client options: `new Redis({ ...redisOptions(config.redis),
 * maxRetriesPerRequest: 1 })`. With `tls` the client connects with TLS and verifies the server
 * against the CA file (read here) or the system's CAs; with a password it authenticates
 * (`AUTH user password`, or the default user without a user name).
 */
export function redisOptions(redis: RedisConfig): RedisConnectionOptions {
  return {
    host: redis.host,
    port: redis.port,
    ...(redis.username ? { username: redis.username } : {}),
    ...(redis.password ? { password: redis.password } : {}),
    ...(redis.tls ? { tls: redis.tls.caFile ? { ca: readCaFile(redis.tls.caFile) } : {} } : {}),
  };
}
