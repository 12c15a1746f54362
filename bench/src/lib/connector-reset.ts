import { LOCAL_CONNECT_DATABASE_PASSWORD, type AppConfig } from '@platform/config';
import { buildOutboxConnectorConfig, outboxSlotName } from '@platform/outbox';
import type { DataSource } from 'typeorm';
import { waitUntil } from './records';

async function call(url: string, method: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method,
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok && res.status !== 404) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/**
 * Removes a Debezium connector for good: Kafka Connect keeps a deleted connector's source
 * offsets (the LSN it had reached), and a connector created again under the same name would
 * resume from them, on a replication slot that no longer has them. So: stop it (creating it
 * stopped when absent), delete its offsets (KIP-875), delete it, then drop its replication
 * slot once inactive, and its publication.
 */
export async function removeConnectorCompletely(
  config: AppConfig,
  name: string,
  dataSource: DataSource,
): Promise<void> {
  const base = `${config.kafka.connectUrl}/connectors`;
  const connector = `${base}/${encodeURIComponent(name)}`;
  if ((await call(connector, 'GET')).status === 404) {
    const settings = buildOutboxConnectorConfig({
      name,
      prefix: config.kafka.prefix,
      database: { ...config.database, host: config.kafka.connectDatabaseHost },
      databasePasswordReference: config.kafka.connectDatabasePassword ?? LOCAL_CONNECT_DATABASE_PASSWORD,
    });
    await call(base, 'POST', { name, config: settings, initial_state: 'STOPPED' });
  } else {
    await call(`${connector}/stop`, 'PUT');
  }
  await waitUntil(async () => {
    const status = (await call(`${connector}/status`, 'GET')).json as
      { connector?: { state?: string } } | undefined;
    return status?.connector?.state === 'STOPPED';
  }, 60_000);
  await call(`${connector}/offsets`, 'DELETE');
  await call(connector, 'DELETE');

  const slot = outboxSlotName(name);
  await waitUntil(
    async () => {
      const rows = (await dataSource.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [
        slot,
      ])) as Array<{ active: boolean }>;
      return rows.length === 0 || !rows[0].active;
    },
    60_000,
    250,
  );
  await dataSource.query(
    'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
    [slot],
  );
  await dataSource.query(`DROP PUBLICATION IF EXISTS ${slot}_publication`);
}
