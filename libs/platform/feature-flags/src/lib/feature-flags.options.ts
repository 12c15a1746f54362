import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { FeatureFlagsConfig } from '@platform/config';

/** What `featureFlagsConfig()` of `@platform/config` gives, plus how long boot waits for Unleash. */
export interface FeatureFlagsModuleOptions extends FeatureFlagsConfig {
  /**
   * How long the module's creation waits for Unleash's first answer, so that flags (kill
   * switches above all) hold the server's values from the first moment the app runs. Past it
   * the app boots on the bootstrap file's values and takes the server's when they come.
   * Default 5000 ms.
   */
  readonly startTimeoutMs?: number;
}

export interface FeatureFlagsModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: FactoryProvider<
    FeatureFlagsModuleOptions | Promise<FeatureFlagsModuleOptions>
  >['useFactory'];
}

export const FEATURE_FLAGS_OPTIONS = Symbol('FEATURE_FLAGS_OPTIONS');
