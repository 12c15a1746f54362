import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';
import { loadConfig } from './load-config';

/** DI token of the app's validated {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /**
   * Loads and validates configuration while the module graph is built, so a missing variable
   * stops the app at boot. Pass `config` to use a ready-made one (tests).
   */
  static forRoot(options: { app: string; config?: AppConfig }): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => options.config ?? loadConfig(options.app) }],
      exports: [APP_CONFIG],
    };
  }
}
