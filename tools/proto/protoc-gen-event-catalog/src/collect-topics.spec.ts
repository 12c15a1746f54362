import { createFileRegistry, fromBinary, type DescFile } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectTopics } from './collect-topics';
import { EventCatalogError } from './event-catalog.error';
import { findKafkaOptions } from './kafka-options';

const ROOT = join(__dirname, '../../../..');
const OPTIONS_PROTO = 'fresha/kafka/v1/options.proto';

// Compiles a few proto files with buf (next to the real options.proto) and returns their
// descriptors, as buf would hand them to the plugin.
function compile(files: Record<string, string>): DescFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'event-catalog-'));
  try {
    writeFileSync(join(dir, 'buf.yaml'), 'version: v2\n');
    const sources = {
      [OPTIONS_PROTO]: readFileSync(join(ROOT, 'proto/definitions', OPTIONS_PROTO), 'utf8'),
      ...files,
    };
    for (const [name, text] of Object.entries(sources)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    execFileSync(join(ROOT, 'node_modules/.bin/buf'), ['build', dir, '-o', join(dir, 'image.binpb')]);
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(join(dir, 'image.binpb')));
    return [...createFileRegistry(set).files];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const collect = (files: Record<string, string>) => {
  const descs = compile(files);
  return collectTopics(descs, findKafkaOptions(descs));
};

const problemsOf = (files: Record<string, string>): readonly string[] => {
  try {
    collect(files);
  } catch (e) {
    if (e instanceof EventCatalogError) return e.problems;
    throw e;
  }
  throw new Error('expected an EventCatalogError');
};

const event = (
  name: string,
  keyField = 'string provider_id = 1 [(fresha.kafka.v1.partition_key) = true];',
) => `
syntax = "proto3";
package test.events.v1;
import "fresha/kafka/v1/options.proto";
message ${name} { ${keyField} string other = 2; }
`;

const envelope = (topic: string | undefined, body: string, pkg = 'test.kafka.things.v1') => `
syntax = "proto3";
package ${pkg};
import "fresha/kafka/v1/options.proto";
import "test/events/v1/events.proto";
message EventEnvelope {
  ${topic === undefined ? '' : `option (fresha.kafka.v1.topic) = "${topic}";`}
  ${body}
}
`;

const EVENTS = {
  'test/events/v1/events.proto': `${event('ThingMade')}\nmessage ThingGone { string thing_id = 1 [(fresha.kafka.v1.partition_key) = true]; }`,
};
const PAYLOAD =
  'oneof payload { test.events.v1.ThingMade thing_made = 1; test.events.v1.ThingGone thing_gone = 2; }';

describe('collectTopics', () => {
  it('describes each envelope: topic, key, oneof, event types and partition keys', () => {
    const [topic, ...others] = collect({
      ...EVENTS,
      'test/kafka/things/v1/envelope.proto': envelope('things.thing-events-v1', PAYLOAD),
    });
    expect(others).toEqual([]);
    expect(topic.key).toBe('thingsThingEventsV1');
    expect(topic.topic).toBe('things.thing-events-v1');
    expect(topic.envelope.typeName).toBe('test.kafka.things.v1.EventEnvelope');
    expect(topic.oneof.localName).toBe('payload');
    expect(topic.events).toEqual([
      { caseName: 'thingMade', eventType: 'thing_made', partitionKey: 'providerId' },
      { caseName: 'thingGone', eventType: 'thing_gone', partitionKey: 'thingId' },
    ]);
  });

  it('finds nothing when no message carries the topic option', () => {
    expect(collect(EVENTS)).toEqual([]);
  });

  it('rejects an event without a partition key, or with a non-string one', () => {
    const problems = problemsOf({
      'test/events/v1/events.proto': `${event('ThingMade', 'string provider_id = 1;')}\nmessage ThingGone { int64 n = 1 [(fresha.kafka.v1.partition_key) = true]; }`,
      'test/kafka/things/v1/envelope.proto': envelope('things.thing-events-v1', PAYLOAD),
    });
    expect(problems).toEqual([
      expect.stringContaining(
        'event test.events.v1.ThingMade needs exactly one string field marked (fresha.kafka.v1.partition_key) = true',
      ),
      expect.stringContaining('event test.events.v1.ThingGone needs exactly one string field'),
    ]);
  });

  it('rejects an envelope with fields outside its oneof, or a non-message case', () => {
    const problems = problemsOf({
      ...EVENTS,
      'test/kafka/things/v1/envelope.proto': envelope(
        'things.thing-events-v1',
        `${PAYLOAD} string note = 3;`,
      ),
      'test/kafka/more/v1/envelope.proto': envelope(
        'more.more-events-v1',
        'oneof payload { string text = 1; }',
        'test.kafka.more.v1',
      ),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('every envelope field belongs to its oneof'),
        expect.stringContaining('oneof case text must be an event message'),
      ]),
    );
    expect(problems).toHaveLength(2);
  });

  it('rejects an EventEnvelope in a kafka package without a topic, a bad topic name, a duplicate topic and a duplicate key', () => {
    const problems = problemsOf({
      ...EVENTS,
      'test/kafka/things/v1/envelope.proto': envelope(undefined, PAYLOAD),
      'test/kafka/a/v1/envelope.proto': envelope('Things Events', PAYLOAD, 'test.kafka.a.v1'),
      'test/kafka/b/v1/envelope.proto': envelope('things.dup-v1', PAYLOAD, 'test.kafka.b.v1'),
      'test/kafka/c/v1/envelope.proto': envelope('things.dup-v1', PAYLOAD, 'test.kafka.c.v1'),
      'test/kafka/d/v1/envelope.proto': envelope('things.dup.v1', PAYLOAD, 'test.kafka.d.v1'),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'test.kafka.things.v1.EventEnvelope has no (fresha.kafka.v1.topic) option',
        expect.stringContaining('(topic "Things Events"): topic must be lower-case words'),
        'topic "things.dup-v1" is used by both test.kafka.b.v1.EventEnvelope and test.kafka.c.v1.EventEnvelope',
        expect.stringMatching(
          /^catalog key "thingsDupV1" is used by both test\.kafka\.[bc]\.v1\.EventEnvelope and test\.kafka\.d\.v1\.EventEnvelope$/,
        ),
      ]),
    );
    expect(problems).toHaveLength(4);
  });
});
