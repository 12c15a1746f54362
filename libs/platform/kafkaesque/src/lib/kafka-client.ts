import { Logger } from '@nestjs/common';
import { Kafka, logLevel as KafkaLogLevel, type LogEntry } from 'kafkajs';
import type { KafkaesqueModuleOptions } from './kafkaesque.options';

const LEVELS = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

/** The kafkajs client, its logs sent to Nest's Logger under the `kafkajs` context. */
export function createKafkaClient(options: KafkaesqueModuleOptions): Kafka {
  const logger = new Logger('kafkajs');
  return new Kafka({
    ...options.kafka,
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: LEVELS[options.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const text = `[${namespace}] ${message} ${JSON.stringify(extra)}`;
        if (level === KafkaLogLevel.ERROR) logger.error(text);
        else if (level === KafkaLogLevel.WARN) logger.warn(text);
        else if (level === KafkaLogLevel.INFO) logger.log(text);
        else logger.debug(text);
      },
  });
}
