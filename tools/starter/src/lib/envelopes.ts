import type { Tree } from '@nx/devkit';
import { nameForms } from './names';

export const PROTO_DEFINITIONS = 'proto/definitions';

/** One case of an envelope's `oneof payload`: `<type> <field> = <number>;`. */
export interface EnvelopeCase {
  readonly field: string;
  /** Fully qualified message type, e.g. fresha.shop.protobuf.events.order_placed.v1.OrderPlaced. */
  readonly type: string;
  readonly number: number;
}

/** A topic envelope proto, as far as the generators need it. */
export interface Envelope {
  readonly path: string;
  readonly topic: string;
  /** The topic's key in `eventCatalog` (what tools/proto's topicKey gives). */
  readonly catalogKey: string;
  readonly cases: readonly EnvelopeCase[];
}

const TOPIC_OPTION = /option\s+\(fresha\.kafka\.v1\.topic\)\s*=\s*"([^"]+)"/;
const ONEOF = /oneof\s+payload\s*\{([^}]*)\}/;
const CASE = /^\s*([\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;/gm;

export function parseEnvelope(path: string, text: string): Envelope | null {
  const topic = TOPIC_OPTION.exec(text)?.[1];
  const oneof = ONEOF.exec(text)?.[1];
  if (!topic || oneof === undefined) return null;
  const cases = [...oneof.matchAll(CASE)].map((m) => ({ type: m[1], field: m[2], number: Number(m[3]) }));
  return { path, topic, catalogKey: nameForms(topic).camel, cases };
}

/** Every envelope under proto/definitions (files named envelope.proto carrying a topic option). */
export function findEnvelopes(tree: Tree): Envelope[] {
  const found: Envelope[] = [];
  const visit = (dir: string) => {
    for (const child of tree.children(dir)) {
      const path = `${dir}/${child}`;
      if (tree.isFile(path)) {
        if (child !== 'envelope.proto') continue;
        const envelope = parseEnvelope(path, tree.read(path, 'utf8') ?? '');
        if (envelope) found.push(envelope);
      } else visit(path);
    }
  };
  visit(PROTO_DEFINITIONS);
  return found;
}

/** The envelope of `topic` (its name as in the proto option), or a clear error listing the known topics. */
export function envelopeOfTopic(tree: Tree, topic: string): Envelope {
  const envelopes = findEnvelopes(tree);
  const envelope = envelopes.find((e) => e.topic === topic);
  if (!envelope)
    throw new Error(
      `No envelope in ${PROTO_DEFINITIONS} declares topic "${topic}". Known topics: ${envelopes.map((e) => e.topic).join(', ')}`,
    );
  return envelope;
}

/** The message name of a case: the last segment of its type. */
export const messageName = (c: EnvelopeCase) => c.type.slice(c.type.lastIndexOf('.') + 1);
