import { logger, type Tree } from '@nx/devkit';
import { envelopeOfTopic } from '../../lib/envelopes';
import { assertValidName, nameForms } from '../../lib/names';
import { readWorkspaceService } from '../../lib/workspace-service';
import { consumerClass, consumerSpec, type ConsumerSpec } from './consumer-files';
import { expectReadinessCheck, listKillSwitch, registerConsumer } from './register-consumer';
import type { ConsumerGeneratorSchema } from './schema';

/** The feature flags' bootstrap file for dev and test (@platform/feature-flags). */
const LOCAL_FLAGS_FILE = 'config/feature-flags.local.json';

/**
 * Adds a consumer to the service's events-consumers app: a class with the topic's decoder, a
 * handler per event type, the dead-letter topic, the Redis inbox and retries stated; its
 * registration in the app module (which also registers its readiness check and kill switch);
 * the app's health test expecting that check; its kill-switch flag in the local flags file; and
 * a harness test of the class.
 */
export default async function consumerGenerator(tree: Tree, schema: ConsumerGeneratorSchema) {
  assertValidName('Consumer name', schema.name);
  const service = readWorkspaceService(tree);
  const name = nameForms(schema.name);
  const envelope = envelopeOfTopic(tree, schema.topic);
  if (envelope.cases.length === 0) throw new Error(`${envelope.path} has no event in its oneof payload yet`);
  const spec: ConsumerSpec = {
    name: name.kebab,
    groupId: `${nameForms(service.name).snake}.${name.snake}`,
    envelope,
    redisIdempotency: (schema.idempotency ?? 'redis') === 'redis',
  };

  const appDir = `apps/${service.name}-events-consumers/src/app`;
  const file = `${appDir}/consumers/${name.kebab}.consumer`;
  if (tree.exists(`${file}.ts`)) throw new Error(`${file}.ts already exists`);
  tree.write(`${file}.ts`, consumerClass(spec));
  tree.write(`${file}.spec.ts`, consumerSpec(spec));
  registerConsumer(
    tree,
    `${appDir}/app.module.ts`,
    `${name.pascal}Consumer`,
    `./consumers/${name.kebab}.consumer`,
  );
  expectReadinessCheck(tree, `${appDir}/app.module.spec.ts`, `kafka-consumer:${spec.groupId}`);
  listKillSwitch(
    tree,
    LOCAL_FLAGS_FILE,
    spec.groupId,
    `On: ${service.name}-events-consumers stops consuming ${envelope.topic} as ${spec.groupId} until it is off again.`,
  );

  logger.info(
    `Added ${name.pascal}Consumer (group ${spec.groupId}) on ${envelope.topic}: fill in its handlers in ${file}.ts`,
  );
}
