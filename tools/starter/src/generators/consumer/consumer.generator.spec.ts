import { nameForms } from '../../lib/names';
import { findEnvelopes } from '../../lib/envelopes';
import { readWorkspaceService } from '../../lib/workspace-service';
import { workspaceTree, writtenFiles } from '../../testing/workspace-tree';
import consumerGenerator from './consumer.generator';

describe('consumer generator on this workspace', () => {
  const tree = workspaceTree();
  const service = readWorkspaceService(tree);
  const envelope = findEnvelopes(tree)[0];
  const app = `apps/${service.name}-events-consumers/src/app`;
  const group = `${nameForms(service.name).snake}.stock_alerts`;

  beforeAll(async () => {
    await consumerGenerator(tree, { name: 'stock-alerts', topic: envelope.topic });
  });

  it('writes a consumer stating its decoder, dead-letter topic and inbox, with a handler per event type', () => {
    const text = writtenFiles(tree).get(`${app}/consumers/stock-alerts.consumer.ts`) ?? '';
    expect(text).toContain(`groupId: '${group}'`);
    expect(text).toContain('decoder: new DebeziumProtoDecoder(Topic.envelope)');
    expect(text).toContain('plugins: [RedisIdempotencyPlugin]');
    expect(text).toContain('deadLetter: {}');
    for (const c of envelope.cases) expect(text).toContain(`@OnKafkaEvent(Topic.topic, '${c.field}')`);
  });

  it('registers it in the app module and expects its readiness check in the app health test', () => {
    const files = writtenFiles(tree);
    expect(files.get(`${app}/app.module.ts`)).toMatch(/providers: \[[^\]]*StockAlertsConsumer\]/);
    expect(files.get(`${app}/app.module.ts`)).toContain(
      "import { StockAlertsConsumer } from './consumers/stock-alerts.consumer';",
    );
    expect(files.get(`${app}/app.module.spec.ts`)).toContain(`'kafka-consumer:${group}',`);
    expect(files.get(`${app}/consumers/stock-alerts.consumer.spec.ts`)).toContain('KafkaesqueTestHarness');
  });

  it('lists its kill switch, off, in the local feature flags file', () => {
    const flags = JSON.parse(writtenFiles(tree).get('config/feature-flags.local.json') ?? '{}');
    expect(flags.features).toContainEqual(
      expect.objectContaining({ name: `kill-switch.${group}`, type: 'kill-switch', enabled: false }),
    );
  });

  it('without an inbox, says the handlers must be idempotent', async () => {
    const other = workspaceTree();
    await consumerGenerator(other, { name: 'stock-audit', topic: envelope.topic, idempotency: 'none' });
    const text = other.read(`${app}/consumers/stock-audit.consumer.ts`, 'utf8') ?? '';
    expect(text).toContain('plugins: []');
    expect(text).toContain('every handler must be idempotent itself');
  });

  it('names the known topics when the topic is unknown', async () => {
    await expect(consumerGenerator(workspaceTree(), { name: 'x', topic: 'nope.nothing-v1' })).rejects.toThrow(
      new RegExp(`declares topic "nope.nothing-v1". Known topics: .*${envelope.topic.replace(/\./g, '\\.')}`),
    );
  });
});
