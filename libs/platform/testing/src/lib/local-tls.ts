import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInfra } from './ensure-infra';
import { infraSettings } from './infra-settings';
import { workspaceRoot } from './workspace-root';

/** The TLS side of the local Postgres and Redis (infra/local: lib.sh ensure_tls, redis.sh). */
export interface LocalTls {
  /** The local CA that signed both servers' certificate (`<state>/tls/ca.crt`). */
  readonly caFile: string;
  readonly host: string;
  readonly postgresPort: number;
  /** Redis's TLS listener; plaintext stays on REDIS_PORT. */
  readonly redisTlsPort: number;
  /** The ACL user of infra.env, allowed what the inbox and readiness use. */
  readonly redisUser: string;
  readonly redisPassword: string;
}

export function localTls(): LocalTls {
  const s = infraSettings();
  // The scripts' state dir: INFRA_STATE_DIR, else <repo>/.infra (lib.sh).
  const stateDir = process.env.INFRA_STATE_DIR || join(workspaceRoot(), '.infra');
  return {
    caFile: join(stateDir, 'tls', 'ca.crt'),
    host: s.INFRA_HOST,
    postgresPort: Number(s.POSTGRES_PORT),
    redisTlsPort: Number(s.REDIS_TLS_PORT),
    redisUser: s.REDIS_ACL_USER,
    redisPassword: s.REDIS_ACL_PASSWORD,
  };
}

/** Whether something accepts TCP connections on host:port within a second. */
export function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Postgres and Redis up with TLS. A server started by the scripts from before TLS (or a CA
 * deleted since) gets it from `up.sh postgres redis`, which applies it to running servers.
 */
export async function ensureLocalTls(): Promise<LocalTls> {
  await ensureInfra(['postgres', 'redis']);
  const tls = localTls();
  if (!existsSync(tls.caFile) || !(await portAnswers(tls.host, tls.redisTlsPort))) {
    const result = spawnSync('bash', [join(workspaceRoot(), 'infra/local/up.sh'), 'postgres', 'redis'], {
      stdio: 'inherit',
      timeout: 10 * 60_000,
    });
    if (result.status !== 0)
      throw new Error(`infra/local/up.sh postgres redis failed (exit ${result.status})`);
  }
  return tls;
}

/**
 * A CA of its own in a new temp dir, that signed nothing: clients trusting only it must refuse
 * the local servers. Returns the path of its certificate.
 */
export function unrelatedCaFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'unrelated-ca-'));
  const caFile = join(dir, 'ca.crt');
  const result = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      caFile,
      '-days',
      '1',
      '-subj',
      '/CN=unrelated test CA',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`openssl could not make a CA: ${result.stderr}`);
  return caFile;
}
