import { testConfig, type DatabaseSslConfig } from '@platform/config';
import {
  buildOutboxConnectorConfig,
  debeziumSslSettings,
  outboxSlotName,
  PRODUCTION_CONNECTOR_TUNING,
} from './outbox-connector.config';

describe('buildOutboxConnectorConfig', () => {
  const database = { ...testConfig('x').database, password: 'db-password-never-in-the-connector' };
  const databasePasswordReference = '${file:/etc/connect/secrets/my-service.properties:password}';
  const config = buildOutboxConnectorConfig({
    name: 'staging.my-service-outbox',
    prefix: 'staging',
    database,
    databasePasswordReference,
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
      databasePasswordReference,
      tuning: PRODUCTION_CONNECTOR_TUNING,
    });
    expect(prod['poll.interval.ms']).toBe('500');
  });

  it("passes the database TLS on in Debezium's names: plaintext in dev and test, the worker's CA path for verify-full", () => {
    expect(config['database.sslmode']).toBe('disable');
    expect(config).not.toHaveProperty('database.sslrootcert');
    const tls = (ssl: DatabaseSslConfig) =>
      buildOutboxConnectorConfig({
        name: 'prod.x',
        prefix: 'prod',
        database: { ...database, ssl },
        databasePasswordReference,
      });
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

  it('names the database password by its config-provider reference, never by value', () => {
    expect(config['database.password']).toBe(databasePasswordReference);
    expect(JSON.stringify(config)).not.toContain(database.password);
    for (const literal of [
      database.password,
      'hunter2',
      '${env:}',
      'x${env:PASSWORD}',
      '${env:A} ${env:B}',
    ]) {
      expect(() =>
        buildOutboxConnectorConfig({
          name: 'prod.x',
          prefix: 'prod',
          database,
          databasePasswordReference: literal,
        }),
      ).toThrow(/KAFKA_CONNECT_DATABASE_PASSWORD must be a Kafka Connect config-provider reference/);
    }
    expect(
      buildOutboxConnectorConfig({
        name: 'prod.x',
        prefix: 'prod',
        database,
        databasePasswordReference: '${env:MY_SERVICE_DATABASE_PASSWORD}',
      })['database.password'],
    ).toBe('${env:MY_SERVICE_DATABASE_PASSWORD}');
  });

  it('adds the topic.creation settings it is given, after the template', () => {
    const withCreation = buildOutboxConnectorConfig({
      name: 'prod.x',
      prefix: 'prod',
      database,
      databasePasswordReference,
      topicCreation: {
        'topic.creation.default.partitions': '3',
        'topic.creation.default.replication.factor': '3',
      },
    });
    expect(withCreation).toMatchObject({
      'topic.creation.default.partitions': '3',
      'topic.creation.default.replication.factor': '3',
    });
    expect(config).not.toHaveProperty('topic.creation.default.partitions');
  });

  it('makes slot names Postgres accepts', () => {
    expect(outboxSlotName('Dev.My-Service-Outbox')).toBe('dev_my_service_outbox');
  });
});
