import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './workspace-root';

/** Reads a KEY=VALUE file the way bash's `source` would for plain assignments (comments, quotes). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2].trim();
    const quoted = /^(['"])(.*)\1$/.exec(value);
    value = quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
    values[match[1]] = value;
  }
  return values;
}

/** The single source of local ports and versions, `infra/local/infra.env`. */
export function infraSettings(): Record<string, string> {
  return parseEnvFile(readFileSync(join(workspaceRoot(), 'infra/local/infra.env'), 'utf8'));
}

export type InfraService = 'postgres' | 'redis' | 'unleash' | 'kafka' | 'connect';

const PORT_KEYS: Record<InfraService, string> = {
  postgres: 'POSTGRES_PORT',
  redis: 'REDIS_PORT',
  unleash: 'UNLEASH_PORT',
  kafka: 'KAFKA_PORT',
  connect: 'CONNECT_PORT',
};

export function infraPort(service: InfraService, settings = infraSettings()): number {
  const port = Number(settings[PORT_KEYS[service]]);
  if (!Number.isInteger(port) || port <= 0) throw new Error(`infra.env has no valid ${PORT_KEYS[service]}`);
  return port;
}
