import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { KafkaesqueModuleOptions } from './kafkaesque.options';

/**
 * KafkaesqueModule's `forRoot` / `forRootAsync` (useFactory, useClass or useExisting, with
 * inject and imports), built by Nest's ConfigurableModuleBuilder.
 */
export const {
  ConfigurableModuleClass: ConfigurableKafkaesqueModule,
  MODULE_OPTIONS_TOKEN: KAFKAESQUE_OPTIONS,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<KafkaesqueModuleOptions>({ moduleName: 'Kafkaesque' })
  .setClassMethodName('forRoot')
  .build();

/** `KafkaesqueModule.forRootAsync`'s argument. */
export type KafkaesqueModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
