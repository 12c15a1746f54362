import { Logger } from '@nestjs/common';
import { kafkaClientConfig, redactKafkaSecrets, type KafkaConnectionConfig } from '@platform/config';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type LogEntry } from 'kafkajs';

const LEVELS = {
  nothing: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
} as const;

export interface KafkaClientOptions {
  /** Brokers, TLS, SASL: `config.kafka` of an app. */
  readonly connection: KafkaConnectionConfig;
  readonly clientId: string;
  /** kafkajs log level, routed to Nest's Logger. Default `warn`. */
  readonly logLevel?: keyof typeof LEVELS;
  /** Client tuning (timeouts, retry). */
  readonly kafka?: Omit<KafkaConfig, 'brokers' | 'ssl' | 'sasl' | 'clientId' | 'logCreator' | 'logLevel'>;
}

/**
 * The kafkajs client every part of the repository uses (the module, the dead-letter producer,
 * the tools, the apps' health checks and commands): connected per `kafkaClientConfig()` of
 * `@platform/config` (TLS, SASL), its logs sent to Nest's Logger under the `kafkajs` context
 * with the connection's secrets scrubbed. kafkajs itself logs only the broker and whether SSL
 * and SASL are on, never their options, but a log line can carry an error's text.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = new Logger('kafkajs');
  const { connection } = options;
  return new Kafka({
    ...options.kafka,
    ...kafkaClientConfig(connection),
    clientId: options.clientId,
    logLevel: LEVELS[options.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const text = redactKafkaSecrets(`[${namespace}] ${message} ${JSON.stringify(extra)}`, connection);
        if (level === KafkaLogLevel.ERROR) logger.error(text);
        else if (level === KafkaLogLevel.WARN) logger.warn(text);
        else if (level === KafkaLogLevel.INFO) logger.log(text);
        else logger.debug(text);
      },
  });
}
