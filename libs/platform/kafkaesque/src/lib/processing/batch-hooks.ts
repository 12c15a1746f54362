import type { ConsumerDefinition, TopicRoute } from '../discovery/consumer-definition';
import type { BatchMessage, MessageBatch } from '../interfaces/message-batch.interface';
import type { MessagePlugin } from '../interfaces/message-plugin.interface';
import type { RawRecord } from '../interfaces/raw-record.interface';

/** A batch hook that threw, with the plugin's name for the log. */
export interface BatchHookFailure {
  readonly plugin: string;
  readonly error: unknown;
}

/** The route's plugins with a batch hook, in declared order; empty for most routes. */
export function pluginsWithBatchHooks(route: TopicRoute): readonly MessagePlugin[] {
  return route.plugins.filter(
    (plugin) => typeof plugin.onBatchStart === 'function' || typeof plugin.beforeCommit === 'function',
  );
}

/** A record decoded for the batch hooks; one the decoder rejects is marked, and failed later by processRecord. */
export function decodeBatchMessage(route: TopicRoute, record: RawRecord): BatchMessage {
  try {
    return { record, decoded: route.decoder.decode(record), decodeFailed: false };
  } catch {
    return { record, decoded: undefined, decodeFailed: true };
  }
}

export function messageBatch(
  definition: ConsumerDefinition,
  route: TopicRoute,
  partition: number,
  messages: readonly BatchMessage[],
  signal: AbortSignal,
): MessageBatch {
  return {
    groupId: definition.groupId,
    kafkaGroupId: definition.kafkaGroupId,
    topic: route.topic,
    kafkaTopic: route.kafkaTopic,
    partition,
    messages,
    signal,
  };
}

/** Runs every `onBatchStart` in declared order; failures are returned (to be logged), never thrown. */
export async function startBatch(
  plugins: readonly MessagePlugin[],
  batch: MessageBatch,
): Promise<BatchHookFailure[]> {
  const failures: BatchHookFailure[] = [];
  for (const plugin of plugins) {
    if (!plugin.onBatchStart) continue;
    try {
      await plugin.onBatchStart(batch);
    } catch (error) {
      failures.push({ plugin: pluginName(plugin), error });
    }
  }
  return failures;
}

/**
 * Runs every `beforeCommit` in declared order. Resolves to the first failure (the later hooks
 * are not run), or undefined when the batch's offsets may be committed.
 */
export async function finishBatch(
  plugins: readonly MessagePlugin[],
  batch: MessageBatch,
): Promise<BatchHookFailure | undefined> {
  for (const plugin of plugins) {
    if (!plugin.beforeCommit) continue;
    try {
      await plugin.beforeCommit(batch);
    } catch (error) {
      return { plugin: pluginName(plugin), error };
    }
  }
  return undefined;
}

function pluginName(plugin: MessagePlugin): string {
  return plugin.name ?? plugin.constructor.name;
}
