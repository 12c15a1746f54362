import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { UNLEASH_CLIENT, type FlagContext, type UnleashClient } from './unleash-client';

/** Called with a watched flag's value, at once and then whenever it changes. */
export type FlagListener = (enabled: boolean) => void | Promise<void>;

interface Watch {
  readonly name: string;
  readonly context: FlagContext;
  readonly listener: FlagListener;
  enabled: boolean;
}

/**
 * The app's feature flags, injectable anywhere (handlers, resolvers, services). Values come
 * from Unleash, refreshed in the background; until it first answers, and whenever it cannot
 * be reached, from the bootstrap file or the last values fetched. Evaluation is local and
 * synchronous: no request per call.
 */
@Injectable()
export class FeatureFlags implements OnApplicationShutdown {
  private readonly logger = new Logger('FeatureFlags');
  private readonly watches = new Set<Watch>();
  private readonly reevaluate = () => this.notifyWatches();

  constructor(@Inject(UNLEASH_CLIENT) private readonly client: UnleashClient) {
    client.on('changed', this.reevaluate);
    // unleash-client evaluates to false until its `ready`, which comes just after the first `changed`.
    client.on('ready', this.reevaluate);
  }

  /** Whether `name` is on for `context`; off when no source defines it. */
  isEnabled(name: string, context: FlagContext = {}): boolean {
    return this.client.isEnabled(name, context, false);
  }

  /**
   * Calls `listener` with the flag's value now, then after every refresh that changes it.
   * A listener that throws (or rejects) is logged, and watched on. Returns the unwatch function.
   */
  watch(name: string, listener: FlagListener, context: FlagContext = {}): () => void {
    const watch: Watch = { name, context, listener, enabled: this.isEnabled(name, context) };
    this.watches.add(watch);
    this.notify(watch);
    return () => this.watches.delete(watch);
  }

  onApplicationShutdown(): void {
    this.watches.clear();
    this.client.off('changed', this.reevaluate);
    this.client.off('ready', this.reevaluate);
    this.client.destroy();
  }

  private notifyWatches(): void {
    for (const watch of this.watches) {
      const enabled = this.isEnabled(watch.name, watch.context);
      if (enabled === watch.enabled) continue;
      watch.enabled = enabled;
      this.notify(watch);
    }
  }

  private notify(watch: Watch): void {
    const failed = (error: unknown) =>
      this.logger.error(
        `A listener of flag ${watch.name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    try {
      void Promise.resolve(watch.listener(watch.enabled)).catch(failed);
    } catch (error) {
      failed(error);
    }
  }
}
