import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { FeatureFlags } from './feature-flags.service';
import {
  FEATURE_FLAGS_OPTIONS,
  type FeatureFlagsModuleAsyncOptions,
  type FeatureFlagsModuleOptions,
} from './feature-flags.options';
import { startUnleash } from './start-unleash';
import { InMemoryFlags } from './testing/in-memory-flags';
import { UNLEASH_CLIENT } from './unleash-client';

const UNLEASH_PROVIDER: Provider = {
  provide: UNLEASH_CLIENT,
  inject: [FEATURE_FLAGS_OPTIONS],
  useFactory: (options: FeatureFlagsModuleOptions) => startUnleash(options),
};

/**
 * Feature flags from Unleash (unleash-client), injectable as {@link FeatureFlags}. Global:
 * import it once, in the app module. It registers no readiness check on purpose: flags fall
 * back to the last values fetched (or the bootstrap file's), so an app whose Unleash is down
 * still does its job, and turning it unready would take a whole fleet out of service for a
 * flag server outage.
 *
 * ```ts
 * FeatureFlagsModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (config: AppConfig) => featureFlagsConfig(config) })
 * ```
 */
@Global()
@Module({})
export class FeatureFlagsModule {
  static forRoot(options: FeatureFlagsModuleOptions): DynamicModule {
    return {
      module: FeatureFlagsModule,
      providers: [{ provide: FEATURE_FLAGS_OPTIONS, useValue: options }, UNLEASH_PROVIDER, FeatureFlags],
      exports: [FeatureFlags],
    };
  }

  static forRootAsync(options: FeatureFlagsModuleAsyncOptions): DynamicModule {
    return {
      module: FeatureFlagsModule,
      imports: options.imports ?? [],
      providers: [
        { provide: FEATURE_FLAGS_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        UNLEASH_PROVIDER,
        FeatureFlags,
      ],
      exports: [FeatureFlags],
    };
  }

  /**
   * For unit tests: flags in memory, no Unleash. Flip one with `moduleRef.get(InMemoryFlags).set(name, on)`.
   */
  static forTesting(flags: Readonly<Record<string, boolean>> = {}): DynamicModule {
    return {
      module: FeatureFlagsModule,
      providers: [
        { provide: InMemoryFlags, useValue: new InMemoryFlags(flags) },
        { provide: UNLEASH_CLIENT, useExisting: InMemoryFlags },
        FeatureFlags,
      ],
      exports: [FeatureFlags, InMemoryFlags],
    };
  }
}
