import { findEnvelopes, parseEnvelope } from '../../lib/envelopes';
import { readWorkspaceService } from '../../lib/workspace-service';
import { workspaceTree, writtenFiles } from '../../testing/workspace-tree';
import eventGenerator from './event.generator';

describe('event generator on this workspace', () => {
  const tree = workspaceTree();
  const service = readWorkspaceService(tree);
  const own = findEnvelopes(tree).filter((e) => e.path.includes(`/fresha/${service.protoNamespace}/`));
  const envelope = own[0];
  const protoPath = `proto/definitions/fresha/${service.protoNamespace}/protobuf/events/voucher_redeemed/v1/voucher_redeemed.proto`;

  beforeAll(async () => {
    await eventGenerator(tree, {
      name: 'voucher_redeemed',
      partitionKey: 'voucher_id',
      skipProtoGeneration: true,
    });
  });

  it('writes the event proto under the seed layout, with its package and partition key', () => {
    const proto = tree.read(protoPath, 'utf8') ?? '';
    expect(proto).toContain(`package fresha.${service.protoNamespace}.protobuf.events.voucher_redeemed.v1;`);
    expect(proto).toContain('message VoucherRedeemed {');
    expect(proto).toContain('string voucher_id = 1 [(fresha.kafka.v1.partition_key) = true];');
  });

  it('adds the case to the envelope with the next field number, and imports it in order', () => {
    const text = tree.read(envelope.path, 'utf8') ?? '';
    const after = parseEnvelope(envelope.path, text);
    const next = Math.max(...envelope.cases.map((c) => c.number)) + 1;
    expect(after?.cases.at(-1)).toEqual({
      field: 'voucher_redeemed',
      type: `fresha.${service.protoNamespace}.protobuf.events.voucher_redeemed.v1.VoucherRedeemed`,
      number: next,
    });
    const imports = [...text.matchAll(/^import "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports).toContain(protoPath.replace('proto/definitions/', ''));
    expect(imports).toEqual([...imports].sort());
  });

  it('exports the generated code and writes an outbox publish helper with its test', () => {
    const files = writtenFiles(tree);
    expect(files.get('libs/proto/src/index.ts')).toContain(
      `/generated/fresha/${service.protoNamespace}/protobuf/events/voucher_redeemed/v1/voucher_redeemed_pb';`,
    );
    const helper = files.get(`libs/${service.name}/domain/src/lib/events/publish-voucher-redeemed.ts`);
    expect(helper).toContain(`outbox.publish(tx, eventCatalog.${envelope.catalogKey}, 'voucher_redeemed'`);
    expect(
      files.get(`libs/${service.name}/domain/src/lib/events/publish-voucher-redeemed.spec.ts`),
    ).toContain('writes nothing when the transaction rolls back');
    expect(files.get(`libs/${service.name}/domain/src/index.ts`)).toContain(
      "export * from './lib/events/publish-voucher-redeemed';",
    );
  });

  it('refuses an event the topic already carries', async () => {
    await expect(eventGenerator(workspaceTree(), { name: envelope.cases[0].field })).rejects.toThrow(
      /already carries/,
    );
  });

  it("refuses another service's topic: its owner changes it", async () => {
    const foreign = findEnvelopes(tree).find((e) => !e.path.includes(`/fresha/${service.protoNamespace}/`));
    expect(foreign).toBeDefined();
    await expect(
      eventGenerator(workspaceTree(), { name: 'x_happened', topic: foreign?.topic }),
    ).rejects.toThrow(/is not one of the service's topics/);
  });
});
