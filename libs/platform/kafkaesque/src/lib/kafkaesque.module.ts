import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConsumerRunnerFactory } from './consumer/consumer-runner.factory';
import { KafkaesqueConsumers } from './consumer/kafkaesque-consumers.service';
import { OneOffConsumer } from './consumer/one-off-consumer';
import { KafkaesqueCatalog } from './discovery/kafkaesque-catalog';
import { KafkaesqueMetadataAccessor } from './discovery/kafkaesque-metadata.accessor';
import { KafkaesqueExplorer } from './discovery/kafkaesque.explorer';
import { KafkaesqueHealth } from './health/kafkaesque-health';
import { KafkaesqueReadinessRegistrar } from './health/kafkaesque-readiness.registrar';
import { KafkaesqueMetricsSubscriber } from './monitoring/kafkaesque-metrics';
import { createKafkaClient } from './kafka-client';
import { ConfigurableKafkaesqueModule } from './kafkaesque.module-definition';
import { KAFKAESQUE_KAFKA, KAFKAESQUE_OPTIONS, type KafkaesqueModuleOptions } from './kafkaesque.options';
import { KafkaesqueProducer } from './producer/kafkaesque.producer';

const PROVIDERS: Provider[] = [
  { provide: KAFKAESQUE_KAFKA, useFactory: createKafkaClient, inject: [KAFKAESQUE_OPTIONS] },
  KafkaesqueMetadataAccessor,
  KafkaesqueExplorer,
  KafkaesqueCatalog,
  KafkaesqueHealth,
  KafkaesqueReadinessRegistrar,
  KafkaesqueMetricsSubscriber,
  KafkaesqueProducer,
  ConsumerRunnerFactory,
  KafkaesqueConsumers,
  OneOffConsumer,
];
const EXPORTS = [
  KAFKAESQUE_KAFKA,
  KAFKAESQUE_OPTIONS,
  KafkaesqueCatalog,
  KafkaesqueHealth,
  KafkaesqueProducer,
  KafkaesqueConsumers,
  OneOffConsumer,
];

/**
 * Kafka consumers declared with @KafkaConsumer, the producer for dead letters and tools, and
 * consumer health. Global: import it once, in the app module.
 *
 * ```ts
 * KafkaesqueModule.forRootAsync({ // or forRoot(options); useClass / useExisting work too
 *   inject: [APP_CONFIG],
 *   useFactory: (config: AppConfig) => ({ connection: config.kafka, prefix: config.kafka.prefix, clientId: config.app }),
 * })
 * ```
 */
@Global()
@Module({ imports: [DiscoveryModule], providers: PROVIDERS, exports: EXPORTS })
export class KafkaesqueModule extends ConfigurableKafkaesqueModule {
  /**
   * For unit tests with KafkaesqueTestHarness: discovers and validates consumers like the real
   * module, never connects to a broker and registers no readiness check.
   */
  static forTesting(
    options: Pick<Partial<KafkaesqueModuleOptions>, 'prefix' | 'plugins'> = {},
  ): DynamicModule {
    return KafkaesqueModule.forRoot({
      connection: { brokers: ['127.0.0.1:9'] },
      clientId: 'kafkaesque-test-harness',
      prefix: options.prefix ?? 'test',
      plugins: options.plugins,
      autoStart: false,
      readinessChecks: false,
      logLevel: 'nothing',
    });
  }
}
