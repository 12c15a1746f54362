import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { FeatureFlagsModule } from './feature-flags.module';
import { FeatureFlags } from './feature-flags.service';
import { InMemoryFlags } from './testing/in-memory-flags';

describe('FeatureFlags', () => {
  let moduleRef: TestingModule;
  let flags: FeatureFlags;
  let memory: InMemoryFlags;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [FeatureFlagsModule.forTesting({ 'new-checkout': true })],
    }).compile();
    flags = moduleRef.get(FeatureFlags);
    memory = moduleRef.get(InMemoryFlags);
  });

  afterEach(() => moduleRef.close());

  it('reads flags, off when nothing defines them', () => {
    expect(flags.isEnabled('new-checkout')).toBe(true);
    expect(flags.isEnabled('never-defined', { userId: 'u-1' })).toBe(false);
  });

  it('calls a watcher at once, then only when a refresh changes the value', () => {
    const seen: boolean[] = [];
    const unwatch = flags.watch('dark-mode', (on) => void seen.push(on));
    expect(seen).toEqual([false]);

    memory.set('dark-mode', true);
    memory.set('unrelated', true); // a refresh that changes another flag
    memory.set('dark-mode', true);
    memory.set('dark-mode', false);
    expect(seen).toEqual([false, true, false]);

    unwatch();
    memory.set('dark-mode', true);
    expect(seen).toEqual([false, true, false]);
  });

  it('logs a failing watcher and keeps calling it', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const calls: boolean[] = [];
      flags.watch('dark-mode', async (on) => {
        calls.push(on);
        throw new Error(`cannot apply ${on}`);
      });
      memory.set('dark-mode', true);
      await new Promise(setImmediate);
      expect(calls).toEqual([false, true]);
      expect(errors.mock.calls.map(([message]) => message)).toEqual([
        'A listener of flag dark-mode failed: cannot apply false',
        'A listener of flag dark-mode failed: cannot apply true',
      ]);
    } finally {
      errors.mockRestore();
    }
  });

  it('stops following the client when the app shuts down', async () => {
    const seen: boolean[] = [];
    flags.watch('dark-mode', (on) => void seen.push(on));
    await moduleRef.close();
    memory.set('dark-mode', true);
    expect(seen).toEqual([false]);
  });
});
