import { logger, type Tree } from '@nx/devkit';
import { assertValidName, nameForms } from '../../lib/names';
import { regenerateProto } from '../../lib/regenerate-proto';
import { readText, sourceFiles } from '../../lib/workspace-files';
import { readWorkspaceService, WORKSPACE_SERVICE_FILE } from '../../lib/workspace-service';
import { applyRules, protoNamespaceRules, serviceNameRules } from './rename-rules';
import type { ServiceGeneratorSchema } from './schema';

const PROTO_ROOT = 'proto/definitions/fresha';

/**
 * "Clone as a service starter" in one command: renames the service family everywhere a name
 * matters (apps, the domain lib and its import path, Nx projects and scope tags, databases,
 * consumer groups, Connect names, docker-compose, Taskfile, mirrord target), and the service's
 * proto namespace with its topics. Contents and paths get the same rules.
 */
export default async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema) {
  assertValidName('Service name', schema.name);
  const current = readWorkspaceService(tree);
  const target = {
    name: nameForms(schema.name).kebab,
    protoNamespace: nameForms(schema.protoNamespace ?? schema.name).snake,
  };
  if (schema.protoNamespace) assertValidName('Proto namespace', schema.protoNamespace);
  if (
    target.protoNamespace !== current.protoNamespace &&
    tree.exists(`${PROTO_ROOT}/${target.protoNamespace}`)
  )
    throw new Error(
      `${PROTO_ROOT}/${target.protoNamespace} already exists (another service's contracts): pick another --protoNamespace`,
    );

  // Namespace first: with one-word names the service and its namespace are the same word, and
  // the namespace rules know that `fresha/<ns>/` is snake_case where the service rules would guess.
  const rules = [
    ...protoNamespaceRules(current.protoNamespace, target.protoNamespace),
    ...serviceNameRules(current.name, target.name),
  ];
  let changedFiles = 0;
  let movedFiles = 0;
  for (const path of sourceFiles(tree)) {
    const newPath = applyRules(path, rules);
    const text = readText(tree, path);
    const newText = text === null ? null : applyRules(text, rules);
    if (newPath === path && newText === text) continue;
    const content = newText ?? tree.read(path);
    if (content === null) continue;
    if (newPath !== path) {
      tree.delete(path);
      movedFiles++;
    }
    tree.write(newPath, content);
    changedFiles++;
  }
  tree.write(WORKSPACE_SERVICE_FILE, `${JSON.stringify({ ...jsonOf(tree), ...target }, null, 2)}\n`);
  logger.info(
    `Renamed ${current.name} -> ${target.name} (proto namespace ${current.protoNamespace} -> ${target.protoNamespace}): ` +
      `${changedFiles} files changed, ${movedFiles} moved`,
  );

  return () => {
    if (!schema.skipProtoGeneration) regenerateProto(tree.root);
    logger.info(
      'Next: `npm test` (starts the local infrastructure, creates the new databases). ' +
        'Old local databases, topics and Connect connectors of the previous name stay until `npm run infra:down -- --purge`.',
    );
  };
}

function jsonOf(tree: Tree): Record<string, unknown> {
  return JSON.parse(tree.read(WORKSPACE_SERVICE_FILE, 'utf8') ?? '{}');
}
