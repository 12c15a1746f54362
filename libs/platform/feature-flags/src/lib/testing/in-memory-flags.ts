import { EventEmitter } from 'node:events';
import type { FlagContext, UnleashClient, UnleashClientEvent } from '../unleash-client';

/**
 * Flags held in memory, for unit tests of code that reads or watches flags
 * (`FeatureFlagsModule.forTesting`). `set` behaves like a refresh that changed the flag.
 * Context is ignored: a flag is on or off for everyone.
 */
export class InMemoryFlags implements UnleashClient {
  private readonly flags: Map<string, boolean>;
  private readonly events = new EventEmitter();

  constructor(flags: Readonly<Record<string, boolean>> = {}) {
    this.flags = new Map(Object.entries(flags));
  }

  set(name: string, enabled: boolean): void {
    this.flags.set(name, enabled);
    this.events.emit('changed');
  }

  isEnabled(name: string, _context: FlagContext, fallbackValue: boolean): boolean {
    return this.flags.get(name) ?? fallbackValue;
  }

  on(event: UnleashClientEvent, listener: () => void): void {
    this.events.on(event, listener);
  }

  off(event: UnleashClientEvent, listener: () => void): void {
    this.events.off(event, listener);
  }

  destroy(): void {
    this.events.removeAllListeners();
  }
}
