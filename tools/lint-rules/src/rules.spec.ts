import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const platform = require('./index.js');

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never, ecmaVersion: 2022, sourceType: 'module' } });
const rule = (name: string) => platform.rules[name];

describe('platform/no-impl-swapping', () => {
  tester.run('no-impl-swapping', rule('no-impl-swapping'), {
    valid: [
      'this.addOns.enable(input);',
      'class Server { implementation(service, instance) { return {}; } }',
      'const impl = 3;',
    ],
    invalid: [
      { code: 'MyService.impl().doSomething();', errors: [{ messageId: 'call' }] },
      { code: 'class MyService { static impl() { return Real; } }', errors: [{ messageId: 'define' }] },
      { code: 'export const Payments = { impl: () => StripePayments };', errors: [{ messageId: 'define' }] },
    ],
  });
});

describe('platform/no-process-env', () => {
  tester.run('no-process-env', rule('no-process-env'), {
    valid: ['const config = loadConfig("my-service");', 'const env = currentEnv();', 'other.env.PORT;'],
    invalid: [
      { code: 'const port = process.env.PORT;', errors: [{ messageId: 'env' }] },
      { code: "const { PORT } = process['env'];", errors: [{ messageId: 'env' }] },
    ],
  });
});

describe('platform/no-direct-kafka-producing', () => {
  tester.run('no-direct-kafka-producing', rule('no-direct-kafka-producing'), {
    valid: ["import { OutboxWriter } from '@platform/outbox';", "import { DataSource } from 'typeorm';"],
    invalid: [
      { code: "import { Kafka } from 'kafkajs';", errors: [{ messageId: 'import' }] },
      { code: "import { KafkaesqueProducer } from '@platform/kafkaesque';", errors: [{ messageId: 'import' }] },
    ],
  });
});

describe('platform/consumer-states-dlq', () => {
  tester.run('consumer-states-dlq', rule('consumer-states-dlq'), {
    valid: [
      `@KafkaConsumer({ groupId: 'g', topics: { 'a.b': { decoder, deadLetter: {} }, [T.topic]: { decoder, deadLetter: null } } })
       class C {}`,
      '@Injectable() class D {}',
    ],
    invalid: [
      {
        code: `@KafkaConsumer({ groupId: 'g', topics: { 'a.b': { decoder, deadLetter: {} }, 'c.d': { decoder } } })
               class C {}`,
        errors: [{ messageId: 'missing', data: { topic: "'c.d'" } }],
      },
    ],
  });
});

describe('the rules on the current code', () => {
  // ESLint's flat config is an ES module, which Jest's CommonJS sandbox cannot import: run the
  // CLI, from each project's folder as `nx lint` does, so each project's own overrides apply.
  const root = join(__dirname, '../../..');
  const eslint = (project: string, ...args: string[]) =>
    spawnSync(join(root, 'node_modules/.bin/eslint'), args, {
      cwd: join(root, project),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  const rulesFor = (project: string, file: string) =>
    JSON.parse(eslint(project, '--print-config', file).stdout).rules as Record<string, [number]>;

  it('are enabled for every project, the domain rule in the domain', () => {
    const app = rulesFor('apps/my-service-web', 'src/main.ts');
    for (const name of ['platform/no-impl-swapping', 'platform/no-process-env', 'platform/consumer-states-dlq']) {
      expect(app[name]?.[0]).toBe(2);
    }
    expect(rulesFor('libs/my-service/domain', 'src/index.ts')['platform/no-direct-kafka-producing']?.[0]).toBe(2);
    expect(app['platform/no-direct-kafka-producing']).toBeUndefined();
    // The config lib is where the environment is read.
    expect(rulesFor('libs/platform/config', 'src/lib/load-config.ts')['platform/no-process-env']?.[0]).toBe(0);
  }, 120_000);

  it.each([
    'apps/my-service-web',
    'apps/my-service-graphql',
    'apps/my-service-rpc',
    'apps/my-service-events-consumers',
    'libs/my-service/domain',
    'libs/platform/config',
    'libs/platform/monitor',
  ])('report nothing on %s', (project) => {
    const files = JSON.parse(eslint(project, '--format', 'json', '.').stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string | null; line: number }>;
    }>;
    const problems = files.flatMap((f) =>
      f.messages.filter((m) => m.ruleId?.startsWith('platform/')).map((m) => `${f.filePath}:${m.line} ${m.ruleId}`),
    );
    expect(problems).toEqual([]);
    expect(files.length).toBeGreaterThan(3);
  }, 120_000);
});
