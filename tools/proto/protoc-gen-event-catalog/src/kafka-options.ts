import type { DescExtension, DescFile } from '@bufbuild/protobuf';

/** Full names of the options declared in proto/definitions/fresha/kafka/v1/options.proto. */
export const TOPIC_OPTION = 'fresha.kafka.v1.topic';
export const PARTITION_KEY_OPTION = 'fresha.kafka.v1.partition_key';

/**
 * The options' descriptors, looked up in the request itself rather than imported from
 * libs/proto: the plugin must run before that generated code exists. Undefined when no
 * file in the request imports options.proto.
 */
export interface KafkaOptions {
  topic: DescExtension | undefined;
  partitionKey: DescExtension | undefined;
}

export function findKafkaOptions(files: readonly DescFile[]): KafkaOptions {
  const extensions = files.flatMap((file) => file.extensions);
  const byName = (name: string) => extensions.find((ext) => ext.typeName === name);
  return { topic: byName(TOPIC_OPTION), partitionKey: byName(PARTITION_KEY_OPTION) };
}
