import { Injectable, Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { describeKafkaError, kafkaProducerConfig, type KafkaConnectionConfig } from '@platform/config';
import { HeartbeatsModule } from '@platform/heartbeats';
import {
  deleteKafkaRun,
  ensureSecuredKafka,
  eventually,
  infraSettings,
  localKafkaConnection,
  type LocalKafkaListener,
} from '@platform/testing';
import { randomUUID } from 'node:crypto';
import { JsonDecoder } from '../lib/decoders/json.decoder';
import { KafkaConsumer } from '../lib/decorators/kafka-consumer.decorator';
import { OnKafkaMessage } from '../lib/decorators/on-kafka-message.decorator';
import { KafkaesqueHealth } from '../lib/health/kafkaesque-health';
import { createKafkaClient } from '../lib/kafka-client';
import { KafkaesqueModule } from '../lib/kafkaesque.module';
import { KafkaesqueProducer } from '../lib/producer/kafkaesque.producer';
import { committedOffset, createTopics, FAST_TUNING, testKafka, uniquePrefix } from './kafka-test-kit';

jest.setTimeout(90_000);

// The local broker's SASL_SSL listener (infra/local/kafka.sh): TLS with the local CA, SCRAM-SHA-512
// and PLAIN users from infra.env. Everything goes through the repository's client factory
// (kafkaClientConfig / createKafkaClient), as the apps connect in production.
const prefix = uniquePrefix();
const settings = infraSettings();
const broker = `${settings.INFRA_HOST}:${settings.KAFKA_SASL_SSL_PORT}`;

@KafkaConsumer({
  groupId: 'secured',
  topics: { secured: { decoder: new JsonDecoder(), deadLetter: null } },
})
@Injectable()
class SecuredConsumer {
  readonly received: unknown[] = [];

  @OnKafkaMessage('secured')
  async handle(message: unknown): Promise<void> {
    this.received.push(message);
  }
}

/** Everything the Nest Logger printed meanwhile, kafkajs' lines (context `kafkajs`) among them. */
function captureLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spies = (['log', 'error', 'warn', 'debug', 'verbose'] as const).map((level) =>
    jest.spyOn(Logger.prototype, level).mockImplementation((message: unknown, ...rest: unknown[]) => {
      lines.push([message, ...rest].map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' '));
    }),
  );
  return { lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

beforeAll(() => ensureSecuredKafka(), 10 * 60_000);

afterAll(() => deleteKafkaRun(testKafka(), prefix), 60_000);

describe.each<LocalKafkaListener>(['scram-sha-512', 'plain'])(
  'SASL_SSL with %s and the local CA',
  (mechanism) => {
    const connection = localKafkaConnection(mechanism);
    const sub = `${prefix}-${mechanism}`;
    let app: TestingModule;

    afterAll(() => app?.close());

    it('produces (idempotent, acks=all) and consumes in a group through kafkaesque', async () => {
      await createTopics(createKafkaClient({ connection, clientId: 'secured-it', logLevel: 'nothing' }), [
        `${sub}.secured`,
      ]);
      app = await Test.createTestingModule({
        imports: [
          HeartbeatsModule.forRoot(),
          KafkaesqueModule.forRoot({
            connection,
            prefix: sub,
            clientId: 'secured-it',
            consumerDefaults: FAST_TUNING,
            readinessChecks: { warmupMs: 0 },
            logLevel: 'nothing',
          }),
        ],
        providers: [SecuredConsumer],
      })
        .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
        .compile();
      await app.init();
      await app.get(KafkaesqueHealth).whenJoined('secured', 60_000);

      const id = randomUUID();
      const [written] = await app
        .get(KafkaesqueProducer)
        .send('secured', [{ key: id, value: JSON.stringify({ id }) }]);
      expect(written.errorCode).toBe(0);
      const consumer = app.get(SecuredConsumer);
      await eventually('the record handled', async () => (consumer.received.length > 0 ? true : undefined));
      expect(consumer.received).toEqual([{ id }]);
      // Committed in the group, on the secured listener too.
      const kafka = createKafkaClient({ connection, clientId: 'secured-it-check', logLevel: 'nothing' });
      await eventually('offset committed', async () =>
        (await committedOffset(kafka, `${sub}.secured`, `${sub}.secured`)) === '1' ? true : undefined,
      );
    });

    it('a plain kafkajs producer from the same factory config writes with acks=-1', async () => {
      const kafka = createKafkaClient({ connection, clientId: 'secured-it-producer', logLevel: 'nothing' });
      const producer = kafka.producer(kafkaProducerConfig());
      await producer.connect();
      try {
        const [meta] = await producer.send({
          topic: `${sub}.secured`,
          acks: -1,
          messages: [{ value: '{}' }],
        });
        expect(meta.errorCode).toBe(0);
      } finally {
        await producer.disconnect();
      }
    });
  },
);

describe('SASL_SSL failures name the broker and the mechanism, never the password', () => {
  const connectFails = async (connection: KafkaConnectionConfig) => {
    const logs = captureLogs();
    try {
      // Debug: kafkajs' most talkative level, so that anything it might print is seen.
      const admin = createKafkaClient({
        connection,
        clientId: 'secured-it-fail',
        logLevel: 'debug',
        kafka: { retry: { retries: 0 } },
      }).admin();
      const error = await admin.connect().then(
        () => undefined,
        (e: unknown) => e,
      );
      await admin.disconnect();
      return { error, logs: logs.lines.join('\n') };
    } finally {
      logs.restore();
    }
  };

  it('a wrong SCRAM password', async () => {
    const password = `wrong-${randomUUID()}`;
    const connection = localKafkaConnection('scram-sha-512', { password });
    const { error, logs } = await connectFails(connection);
    expect(describeKafkaError(connection, error)).toMatch(
      new RegExp(
        `^Kafka ${broker} \\(SASL_SSL, SCRAM-SHA-512 as ${settings.KAFKA_SCRAM_USER}, CA .*ca\\.crt\\): ` +
          'SASL SCRAM SHA512 authentication failed: .*invalid credentials',
      ),
    );
    expect(logs).toContain('authentication failed');
    expect(logs).not.toContain(password);
  });

  it('a wrong PLAIN password', async () => {
    const password = `wrong-${randomUUID()}`;
    const connection = localKafkaConnection('plain', { password });
    const { error, logs } = await connectFails(connection);
    expect(describeKafkaError(connection, error)).toMatch(
      new RegExp(
        `^Kafka ${broker} \\(SASL_SSL, PLAIN as ${settings.KAFKA_PLAIN_USER}, .*SASL PLAIN authentication failed`,
      ),
    );
    expect(logs).not.toContain(password);
  });

  it('no CA given: the local broker’s certificate does not verify against the system CAs', async () => {
    const connection = localKafkaConnection('scram-sha-512', { trustLocalCa: false });
    const { error, logs } = await connectFails(connection);
    expect(describeKafkaError(connection, error)).toBe(
      `Kafka ${broker} (SASL_SSL, SCRAM-SHA-512 as ${settings.KAFKA_SCRAM_USER}): Connection error: ` +
        "self-signed certificate in certificate chain (the brokers' certificate is not signed by a system CA: " +
        'set KAFKA_SSL_CA_FILE to the CA that signed it)',
    );
    expect(logs).not.toContain(settings.KAFKA_SCRAM_PASSWORD);
  });
});
