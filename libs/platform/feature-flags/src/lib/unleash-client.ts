import type { Context } from 'unleash-client';

/** What a flag is evaluated against: `userId`, `sessionId`, `properties`... (unleash-client's Context). */
export type FlagContext = Context;

/** The events of unleash-client's `Unleash` that FeatureFlags follows. */
export type UnleashClientEvent = 'ready' | 'changed';

/**
 * What FeatureFlags needs from unleash-client's `Unleash`: evaluation, and the events after
 * which a flag may have changed. Bound to {@link UNLEASH_CLIENT}; unit tests bind
 * `InMemoryFlags` instead (`FeatureFlagsModule.forTesting`).
 */
export interface UnleashClient {
  isEnabled(name: string, context: FlagContext, fallbackValue: boolean): boolean;
  on(event: UnleashClientEvent, listener: () => void): unknown;
  off(event: UnleashClientEvent, listener: () => void): unknown;
  destroy(): void;
}

/** DI token of the app's {@link UnleashClient}. */
export const UNLEASH_CLIENT = Symbol('UNLEASH_CLIENT');
