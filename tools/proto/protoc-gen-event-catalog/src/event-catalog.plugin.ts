import { createEcmaScriptPlugin } from '@bufbuild/protoplugin';
import { collectTopics } from './collect-topics';
import { findKafkaOptions } from './kafka-options';
import { printCatalog } from './print-catalog';

/**
 * Generates `event-catalog.ts` next to protoc-gen-es's output. It needs every file at
 * once (buf.gen.yaml: `strategy: all`) because the catalog spans all topics.
 */
export const eventCatalogPlugin = createEcmaScriptPlugin({
  name: 'protoc-gen-event-catalog',
  version: 'v1',
  generateTs(schema) {
    const topics = collectTopics(schema.files, findKafkaOptions(schema.allFiles));
    const ext = schema.options.importExtension === 'none' ? '' : `.${schema.options.importExtension}`;
    printCatalog(schema.generateFile('event-catalog.ts'), topics, ext);
  },
});
