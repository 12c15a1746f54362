import { logger, type Tree } from '@nx/devkit';
import { findEnvelopes, PROTO_DEFINITIONS, type Envelope } from '../../lib/envelopes';
import { assertValidName, nameForms } from '../../lib/names';
import { regenerateProto } from '../../lib/regenerate-proto';
import { readWorkspaceService } from '../../lib/workspace-service';
import { addEnvelopeCase } from './add-envelope-case';
import {
  eventPackage,
  eventProto,
  eventProtoDir,
  publishHelper,
  publishHelperSpec,
  type EventSpec,
} from './event-files';
import type { EventGeneratorSchema } from './schema';

const CONTRACTS_INDEX = 'libs/proto/src/index.ts';

/**
 * Adds a domain event end to end: its proto under the seed's layout
 * (`fresha/<namespace>/protobuf/events/<event>/v1`), its case in the topic's envelope, the export
 * from @proto/contracts, the regenerated code and event catalog, and a domain helper that
 * writes it through the outbox, with a test on the real database.
 */
export default async function eventGenerator(tree: Tree, schema: EventGeneratorSchema) {
  assertValidName('Event name', schema.name);
  const service = readWorkspaceService(tree);
  const name = nameForms(schema.name).snake;
  const partitionKey = nameForms(schema.partitionKey ?? 'provider_id').snake;
  const envelope = ownEnvelope(tree, service.protoNamespace, schema.topic);
  if (envelope.cases.some((c) => c.field === name))
    throw new Error(`${envelope.topic} already carries "${name}" (${envelope.path})`);
  const spec: EventSpec = {
    name,
    protoNamespace: service.protoNamespace,
    topic: envelope.topic,
    catalogKey: envelope.catalogKey,
    partitionKey,
  };

  const protoPath = `${eventProtoDir(spec)}/${name}.proto`;
  if (tree.exists(`${PROTO_DEFINITIONS}/${protoPath}`))
    throw new Error(`${PROTO_DEFINITIONS}/${protoPath} already exists`);
  tree.write(`${PROTO_DEFINITIONS}/${protoPath}`, eventProto(spec));
  tree.write(
    envelope.path,
    addEnvelopeCase(tree.read(envelope.path, 'utf8') ?? '', envelope, {
      importPath: protoPath,
      type: `${eventPackage(spec)}.${nameForms(name).pascal}`,
      field: name,
    }),
  );
  exportFromContracts(tree, `./generated/${eventProtoDir(spec)}/${name}_pb`, service.protoNamespace);

  const domainLib = `libs/${service.name}/domain/src`;
  const kebab = nameForms(name).kebab;
  tree.write(`${domainLib}/lib/events/publish-${kebab}.ts`, publishHelper(spec));
  tree.write(`${domainLib}/lib/events/publish-${kebab}.spec.ts`, publishHelperSpec(spec, service.name));
  appendLine(tree, `${domainLib}/index.ts`, `export * from './lib/events/publish-${kebab}';`);

  logger.info(
    `Added ${name} to ${envelope.topic} (${envelope.path}); publish it with publish${nameForms(name).pascal}()`,
  );
  return () => {
    if (!schema.skipProtoGeneration) regenerateProto(tree.root);
    logger.info(
      `Next: fill in the fields of ${protoPath}, run \`npx nx run proto:generate\`, and call ` +
        `publish${nameForms(name).pascal}() from the command that makes the change. Consumers of ${envelope.topic} ` +
        `that should react get an @OnKafkaEvent handler for '${name}'.`,
    );
  };
}

/** The topic's envelope, which must belong to the service: other services' topics are theirs to change. */
function ownEnvelope(tree: Tree, protoNamespace: string, topic: string | undefined): Envelope {
  const own = findEnvelopes(tree).filter((e) =>
    e.path.startsWith(`${PROTO_DEFINITIONS}/fresha/${protoNamespace}/`),
  );
  if (topic) {
    const found = own.find((e) => e.topic === topic);
    if (!found)
      throw new Error(
        `"${topic}" is not one of the service's topics (${own.map((e) => e.topic).join(', ') || 'none'})`,
      );
    return found;
  }
  if (own.length !== 1)
    throw new Error(
      own.length === 0
        ? `The service has no topic envelope under ${PROTO_DEFINITIONS}/fresha/${protoNamespace}`
        : `The service has several topics: pass --topic (one of ${own.map((e) => e.topic).join(', ')})`,
    );
  return own[0];
}

/** Exports the generated file after the namespace's last export (index.spec.ts wants every generated file exported). */
function exportFromContracts(tree: Tree, modulePath: string, protoNamespace: string): void {
  const text = tree.read(CONTRACTS_INDEX, 'utf8') ?? '';
  const line = `export * from '${modulePath}';`;
  const lines = text.split('\n');
  const last = lines
    .map((l, i) => (l.includes(`/generated/fresha/${protoNamespace}/protobuf/events/`) ? i : -1))
    .reduce((a, b) => Math.max(a, b), -1);
  if (last === -1) lines.push(line);
  else lines.splice(last + 1, 0, line);
  tree.write(CONTRACTS_INDEX, lines.join('\n'));
}

function appendLine(tree: Tree, path: string, line: string): void {
  const text = tree.read(path, 'utf8') ?? '';
  tree.write(path, `${text.replace(/\n*$/, '\n')}${line}\n`);
}
