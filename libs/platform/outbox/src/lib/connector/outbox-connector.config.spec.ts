import { testConfig, type DatabaseSslConfig } from '@platform/config';
import {
  buildOutboxConnectorConfig,
  debeziumSslSettings,
  outboxSlotName,
  PRODUCTION_CONNECTOR_TUNING,
} from './outbox-connector.config';

describe('buildOutboxConnectorConfig', () => {
  const database = testConfig('x').database;
  const config = buildOutboxConnectorConfig({
    name: 'staging.my-service-outbox',
    prefix: 'staging',
    database,
  });

  it('routes each row to <prefix>.<topic_name> with the record shape of docs/wire-contract.md', () => {
    expect(config).toMatchObject({
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'plugin.name': 'pgoutput',
      'table.include.list': 'public.outbox_events',
      'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
      'transforms.outbox.route.by.field': 'topic_name',
      'transforms.outbox.route.topic.replacement': 'staging.${routedByValue}',
      'transforms.outbox.table.field.event.id': 'uuid',
      'transforms.outbox.table.field.event.key': 'partition_key',
      'transforms.outbox.table.field.event.payload': 'proto_payload',
      'transforms.outbox.table.fields.additional.placement':
        'uuid:envelope:uuid,event_type:envelope:event_type,timestamp:envelope:timestamp,event_type:header:event_type,trace_context:header:trace_context',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    });
  });

  it('heartbeats through the WAL, so a quiet database does not pin the WAL of busy ones', () => {
    expect(config).toMatchObject({
      'heartbeat.action.query': "SELECT pg_logical_emit_message(false, 'heartbeat', now()::varchar)",
      'message.prefix.exclude.list': 'heartbeat',
    });
  });

  it('fills in the database, slot and publication', () => {
    expect(config).toMatchObject({
      'database.hostname': database.host,
      'database.port': String(database.port),
      'database.dbname': database.database,
      'slot.name': 'staging_my_service_outbox',
      'publication.name': 'staging_my_service_outbox_publication',
      'topic.prefix': 'staging.staging.my-service-outbox',
    });
    expect(JSON.stringify(config)).not.toMatch(/\{\{/);
  });

  it('applies the tuning: local favours latency, production keeps Debezium defaults', () => {
    expect(config['poll.interval.ms']).toBe('10');
    const prod = buildOutboxConnectorConfig({
      name: 'prod.my-service-outbox',
      prefix: 'prod',
      database,
      tuning: PRODUCTION_CONNECTOR_TUNING,
    });
    expect(prod['poll.interval.ms']).toBe('500');
  });

  it("passes the database TLS on in Debezium's names: plaintext in dev and test, the worker's CA path for verify-full", () => {
    expect(config['database.sslmode']).toBe('disable');
    expect(config).not.toHaveProperty('database.sslrootcert');
    const tls = (ssl: DatabaseSslConfig) =>
      buildOutboxConnectorConfig({ name: 'prod.x', prefix: 'prod', database: { ...database, ssl } });
    expect(
      tls({ mode: 'verify-full', caFile: '/app/ca.pem', connectCaFile: '/etc/connect/ca.pem' }),
    ).toMatchObject({
      'database.sslmode': 'verify-full',
      'database.sslrootcert': '/etc/connect/ca.pem',
    });
    // Without a path for the worker, pgjdbc uses the worker's ~/.postgresql/root.crt.
    expect(tls({ mode: 'verify-full' })).not.toHaveProperty('database.sslrootcert');
    expect(tls({ mode: 'verify-full' })['database.sslmode']).toBe('verify-full');
    expect(tls({ mode: 'require' })).toMatchObject({ 'database.sslmode': 'require' });
    expect(tls({ mode: 'require' })).not.toHaveProperty('database.sslrootcert');
    expect(debeziumSslSettings({ mode: 'disable' })).toEqual({ 'database.sslmode': 'disable' });
  });

  it('makes slot names Postgres accepts', () => {
    expect(outboxSlotName('Dev.My-Service-Outbox')).toBe('dev_my_service_outbox');
  });
});
