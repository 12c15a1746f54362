import type { Type } from '@nestjs/common';
import type { KafkaConsumerOptions } from '../interfaces/consumer-options.interface';
import type { MessagePlugin } from '../interfaces/message-plugin.interface';

/**
 * A consumer's options with the module-level plugins (`KafkaesqueModuleOptions.plugins`) put
 * in front of every topic's own, so they run outermost: a tracing plugin's span then covers
 * the topic's plugins (idempotency) as well as the handler.
 */
export function withModulePlugins(
  options: KafkaConsumerOptions,
  plugins: readonly (MessagePlugin | Type<MessagePlugin>)[] | undefined,
): KafkaConsumerOptions {
  if (!plugins || plugins.length === 0 || !options.topics || typeof options.topics !== 'object')
    return options;
  const topics = Object.fromEntries(
    Object.entries(options.topics).map(([topic, config]) => [
      topic,
      config ? { ...config, plugins: [...plugins, ...(config.plugins ?? [])] } : config,
    ]),
  );
  return { ...options, topics } as KafkaConsumerOptions;
}
