import { messageName, type Envelope } from '../../lib/envelopes';
import { nameForms } from '../../lib/names';

/** What the consumer's files are generated from. */
export interface ConsumerSpec {
  /** kebab-case, e.g. booking-notifications. */
  readonly name: string;
  readonly groupId: string;
  readonly envelope: Envelope;
  readonly redisIdempotency: boolean;
}

const className = (c: ConsumerSpec) => `${nameForms(c.name).pascal}Consumer`;
const messageTypes = (c: ConsumerSpec) => [...new Set(c.envelope.cases.map(messageName))].sort();

export function consumerClass(c: ConsumerSpec): string {
  const cls = className(c);
  const handlers = c.envelope.cases.map(
    (e) => `
  @OnKafkaEvent(Topic.topic, '${e.field}')
  async on${nameForms(e.field).pascal}(message: DebeziumEvent<typeof Topic.envelope, ${messageName(e)}>): Promise<void> {
    // React here. A thrown error is retried (then dead-lettered); throw NonRetriableError for a
    // message that can never succeed, so it goes to the dead-letter topic at once.
    this.logger.log(\`${e.field} \${message.eventUuid}\`);
  }`,
  );
  return `import { Injectable, Logger } from '@nestjs/common';
import { DebeziumProtoDecoder, KafkaConsumer, OnKafkaEvent, type DebeziumEvent } from '@platform/kafkaesque';
${c.redisIdempotency ? "import { RedisIdempotencyPlugin } from '@platform/kafkaesque-addons';\n" : ''}import { eventCatalog, type ${messageTypes(c).join(', type ')} } from '@proto/contracts';

const Topic = eventCatalog.${c.envelope.catalogKey};

/**
 * Consumes ${c.envelope.topic} as group ${c.groupId}. ${
   c.redisIdempotency
     ? 'Idempotent through the Redis inbox: an event uuid seen before is skipped.'
     : 'No inbox: every handler must be idempotent itself (redeliveries happen).'
 }
 * A record that cannot be decoded, or still fails after the retries, goes to
 * \`<prefix>.${c.envelope.topic}.dlq\` with the reason in its dlq.* headers. Readiness check:
 * \`kafka-consumer:${c.groupId}\`.
 */
@KafkaConsumer({
  groupId: '${c.groupId}',
  topics: {
    [Topic.topic]: {
      decoder: new DebeziumProtoDecoder(Topic.envelope),
      plugins: [${c.redisIdempotency ? 'RedisIdempotencyPlugin' : ''}],
      deadLetter: {},
    },
  },
  retries: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 5_000,
})
@Injectable()
export class ${cls} {
  private readonly logger = new Logger(${cls}.name);
${handlers.join('\n')}
}
`;
}

export function consumerSpec(c: ConsumerSpec): string {
  const cls = className(c);
  const kebab = nameForms(c.name).kebab;
  const first = c.envelope.cases[0];
  const schemas = [...new Set(c.envelope.cases.map((e) => `${messageName(e)}Schema`))].sort();
  const redis = c.redisIdempotency;
  return `import { randomUUID } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { Test } from '@nestjs/testing';
import { KafkaesqueModule } from '@platform/kafkaesque';
import { debeziumRecordValue, KafkaesqueTestHarness } from '@platform/kafkaesque/testing';
${redis ? "import { RedisInboxModule } from '@platform/kafkaesque-addons';\nimport { ensureInfra, infraPort } from '@platform/testing';\n" : ''}import { ${schemas.join(', ')}, eventCatalog, wrapEvent } from '@proto/contracts';
${redis ? "import Redis from 'ioredis';\n" : ''}import { ${cls} } from './${kebab}.consumer';

const Topic = eventCatalog.${c.envelope.catalogKey};

/** A record as Debezium publishes it (docs/wire-contract.md), carrying one event. */
function record(eventType: string, payload: Uint8Array, uuid = randomUUID()) {
  return { key: randomUUID(), value: debeziumRecordValue({ uuid, eventType, payload }) };
}

describe('${cls}${redis ? ' (real Redis inbox)' : ''}', () => {
  const prefix = \`test-\${randomUUID().slice(0, 8)}\`;
  let harness: KafkaesqueTestHarness;
${redis ? '  let redis: Redis;\n' : ''}
  beforeAll(async () => {
${redis ? "    await ensureInfra(['redis']);\n    redis = new Redis({ host: '127.0.0.1', port: infraPort('redis'), maxRetriesPerRequest: 1 });\n" : ''}    const moduleRef = await Test.createTestingModule({
      imports: [
        KafkaesqueModule.forTesting({ prefix }),
${redis ? '        RedisInboxModule.forRoot({ redis }),\n' : ''}      ],
      providers: [${cls}],
    }).compile();
    moduleRef.useLogger(['error']);
    harness = await KafkaesqueTestHarness.create(moduleRef);
  });

  afterAll(async () => {
    await harness?.app.close();
${redis ? '    redis?.disconnect();\n' : ''}  });

  it.each([
${c.envelope.cases.map((e) => `    ['${e.field}', () => toBinary(Topic.envelope, wrapEvent(Topic, '${e.field}', create(${messageName(e)}Schema, {})))],`).join('\n')}
  ])('handles %s', async (eventType, payload) => {
    const result = await harness.pushRaw(Topic.topic, record(eventType, payload()));
    expect(result).toMatchObject({ status: 'handled', handlerInvoked: true, groupId: '${c.groupId}' });
  });
${
  redis
    ? `
  it('skips an event delivered twice (same uuid): the handler runs once', async () => {
    const uuid = randomUUID();
    const payload = toBinary(Topic.envelope, wrapEvent(Topic, '${first.field}', create(${messageName(first)}Schema, {})));
    expect(await harness.pushRaw(Topic.topic, record('${first.field}', payload, uuid))).toMatchObject({
      status: 'handled',
      handlerInvoked: true,
    });
    expect(await harness.pushRaw(Topic.topic, record('${first.field}', payload, uuid))).toMatchObject({
      status: 'handled',
      handlerInvoked: false,
    });
  });
`
    : ''
}
  it('dead-letters a record it cannot decode, with the reason and the original bytes', async () => {
    const value = Buffer.from('not a Debezium record');
    const result = await harness.pushRaw(Topic.topic, { key: 'k', value });
    expect(result.status).toBe('dead-lettered');
    const letter = harness.deadLetters.at(-1);
    expect(letter?.topic).toBe(\`\${prefix}.\${Topic.topic}.dlq\`);
    expect(letter?.value).toEqual(value);
    expect(String(letter?.headers['dlq.error.class'])).toBe('DecodeError');
    expect(String(letter?.headers['dlq.error.message'])).not.toBe('');
  });
});
`;
}
