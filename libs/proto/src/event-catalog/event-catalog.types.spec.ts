import { create, fromBinary } from '@bufbuild/protobuf';
import { join } from 'node:path';
import ts from 'typescript';
import { eventCatalog } from '../generated/event-catalog';
import {
  AddOnDisabledSchema,
  AddOnEnabledSchema,
  ProviderDeactivatedSchema,
  type AddOnEnabled,
  type ProviderDeactivated,
} from '../index';
import { eventTypeOf } from './event-type-of';
import { findTopicEntry, topicEntryFor } from './topic-entry-for';
import type {
  CatalogEntry,
  EnvelopeOf,
  EventDataOf,
  EventTypeOf,
  TopicEntry,
  TopicName,
} from './topic-entry.types';
import { wrapEvent } from './wrap-event';

// Type-level tests. They are checked by `tsc -p tsconfig.json` at the repo root and by the
// Jest test below, which compiles this file: an @ts-expect-error whose line compiles
// (say, because a misspelt event type became valid) is itself an error.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;
// Topics grow (`nx g @tools/starter:event` adds a case to an envelope): for event-type unions
// these pin the members known here, and that the union stays made of literals, not `string`.
type Covers<Union, Known> = [Known] extends [Union] ? true : false;
type Literals<T> = string extends T ? false : true;

type AddOnEvents = typeof eventCatalog.addOnsAddOnEventsV1;
const addOnEvents = eventCatalog.addOnsAddOnEventsV1;

/** Never called: it exists to be compiled. */
export function compileTimeChecks(
  envelope: EnvelopeOf<AddOnEvents>,
  topic: string,
  bytes: Uint8Array,
): unknown[] {
  // A decoder knows the topic only at run time: the entry is a union, and so is the result.
  const entry = findTopicEntry(topic);
  const decoded = entry && fromBinary(entry.envelope, bytes);
  const _decodedType = entry && decoded && eventTypeOf(entry, decoded);
  return [
    assertType<
      Covers<typeof _decodedType, 'add_on_enabled' | 'add_on_disabled' | 'provider_deactivated' | undefined>
    >(),
    assertType<Literals<typeof _decodedType>>(),
    assertType<Covers<EventTypeOf<AddOnEvents>, 'add_on_enabled' | 'add_on_disabled'>>(),
    assertType<Literals<EventTypeOf<AddOnEvents>>>(),
    assertType<Equal<EventDataOf<AddOnEvents, 'add_on_enabled'>, AddOnEnabled>>(),
    assertType<
      Equal<
        EventDataOf<typeof eventCatalog.providersProviderEventsV1, 'provider_deactivated'>,
        ProviderDeactivated
      >
    >(),
    assertType<Equal<TopicName, 'add-ons.add-on-events-v1' | 'providers.provider-events-v1'>>(),
    assertType<Equal<ReturnType<typeof eventTypeOf<AddOnEvents>>, EventTypeOf<AddOnEvents>>>(),
    assertType<CatalogEntry extends TopicEntry ? true : false>(),

    // @ts-expect-error a misspelt event type is not an event type of the topic
    ((): EventTypeOf<AddOnEvents> => 'add_on_enable')(),
    // @ts-expect-error an event type of another topic
    wrapEvent(addOnEvents, 'provider_deactivated', create(ProviderDeactivatedSchema)),
    // @ts-expect-error the data of another event than the event type names
    wrapEvent(addOnEvents, 'add_on_enabled', create(AddOnDisabledSchema)),
    wrapEvent(addOnEvents, 'add_on_enabled', create(AddOnEnabledSchema)),
    // @ts-expect-error eventTypeOf's result is never a misspelt event type
    eventTypeOf(addOnEvents, envelope) === 'add_on_enable',
    // @ts-expect-error a topic that is not in the catalog
    topicEntryFor('add-ons.add-on-event-v1'),
  ];
}

describe('event catalog types', () => {
  it('compile as the checks above assert', () => {
    const root = join(__dirname, '../../../..');
    const { config } = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const program = ts.createProgram([__filename], { ...options, noEmit: true, types: ['node', 'jest'] });
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    };
    expect(ts.formatDiagnostics(diagnostics, host)).toBe('');
  }, 60_000);
});
