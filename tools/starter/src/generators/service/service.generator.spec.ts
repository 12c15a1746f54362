import { nameForms } from '../../lib/names';
import { readWorkspaceService } from '../../lib/workspace-service';
import { workspaceTree, writtenFiles } from '../../testing/workspace-tree';
import serviceGenerator from './service.generator';

// Runs on the real workspace (writes stay in memory). The new name differs from whatever the
// workspace is called now, so the test also holds in a workspace this generator renamed.
describe('service generator on this workspace', () => {
  const tree = workspaceTree();
  const before = readWorkspaceService(tree);
  const target = before.name === 'table-reservations' ? 'bookings' : 'table-reservations';
  const to = nameForms(target);
  const from = nameForms(before.name);
  const ns = nameForms(before.protoNamespace);

  beforeAll(async () => {
    await serviceGenerator(tree, { name: target, skipProtoGeneration: true });
  });

  it('moves the apps and the domain lib to the new name', () => {
    for (const suffix of ['', '-web', '-graphql', '-rpc', '-events-consumers', '-worker']) {
      expect(tree.exists(`apps/${to.kebab}${suffix}/project.json`)).toBe(true);
      expect(tree.exists(`apps/${from.kebab}${suffix}`)).toBe(false);
    }
    expect(tree.exists(`libs/${to.kebab}/domain/src/index.ts`)).toBe(true);
    expect(JSON.parse(tree.read('tsconfig.base.json', 'utf8') ?? '').compilerOptions.paths).toHaveProperty(
      `@${to.kebab}/domain`,
    );
  });

  it('moves the proto namespace, and records the new names for the other generators', () => {
    expect(tree.exists(`proto/definitions/fresha/${to.snake}`)).toBe(true);
    expect(tree.exists(`proto/definitions/fresha/${ns.snake}`)).toBe(false);
    expect(readWorkspaceService(tree)).toEqual({ name: to.kebab, protoNamespace: to.snake });
  });

  it('leaves no spelling of the old name in any file it wrote or moved', () => {
    const old = new RegExp(
      `(?<![A-Za-z0-9])(${[from.kebab, from.snake, from.pascal, from.camel, from.constant].join('|')})(?![a-z0-9])` +
        `|fresha[./]${ns.snake}[./]`,
    );
    const leftovers = [...writtenFiles(tree)]
      .filter(([path, text]) => old.test(path) || old.test(text))
      .map(([path]) => path);
    expect(leftovers).toEqual([]);
    // Every file that had the old name was written: nothing on disk still carries it unseen.
    expect(writtenFiles(tree).size).toBeGreaterThan(100);
  });

  it('names the Nx scope tag, consumer groups and databases after the service', () => {
    const files = writtenFiles(tree);
    expect(files.get(`apps/${to.kebab}-web/project.json`)).toContain(`"scope:${to.kebab}"`);
    expect(files.get('infra/local/infra.env')).toContain(`POSTGRES_DB=${to.snake}_dev`);
    expect(files.get('.mirrord/mirrord.json')).toContain(`deployment/${to.kebab}`);
    const consumers = [...files].filter(([path]) => path.endsWith('.consumer.ts')).map(([, text]) => text);
    expect(consumers.length).toBeGreaterThan(0);
    for (const text of consumers) expect(text).toMatch(new RegExp(`groupId: '${to.snake}\\.`));
  });

  it('refuses a proto namespace that belongs to another service', async () => {
    await expect(
      serviceGenerator(workspaceTree(), { name: 'orders', protoNamespace: 'providers' }),
    ).rejects.toThrow(/fresha\/providers already exists/);
  });

  it('refuses a name that cannot be every spelling', async () => {
    await expect(serviceGenerator(workspaceTree(), { name: 'Bookings!' })).rejects.toThrow(
      /Service name "Bookings!"/,
    );
  });
});
