import { Logger } from '@nestjs/common';
import { unreachableUnleashUrl } from '../integration/unreachable-url';
import { writeBootstrapFile } from '../integration/write-bootstrap-file';
import { InvalidBootstrapFileError } from './errors/invalid-bootstrap-file.error';
import { startUnleash } from './start-unleash';

// The real unleash-client, pointed at a port where nothing listens: what an app gets when its
// Unleash is down at boot. (With a running Unleash: src/integration.)
describe('startUnleash without a reachable Unleash', () => {
  let url: string;
  const quiet = new Logger('test');
  const warnings: string[] = [];

  beforeAll(async () => {
    url = await unreachableUnleashUrl();
    jest.spyOn(quiet, 'log').mockImplementation(() => undefined);
    jest.spyOn(quiet, 'warn').mockImplementation((message: string) => void warnings.push(message));
  });

  beforeEach(() => (warnings.length = 0));

  // destroy() cannot cancel a fetch in flight: unleash-client retries a refused connection
  // twice (~3 s) and then sets one more refresh timer. Let those run out, or Jest cannot exit.
  afterAll(() => new Promise((resolve) => setTimeout(resolve, 4_000)), 10_000);

  const options = {
    apiToken: 'default:development.x',
    appName: 'start-unleash-spec',
    refreshIntervalMs: 500,
  };

  it('boots on the bootstrap file within startTimeoutMs, strategies and context included', async () => {
    const bootstrapFile = writeBootstrapFile([
      { name: 'everyone', enabled: true, strategies: [] },
      { name: 'switched-off', enabled: false, strategies: [] },
      {
        name: 'beta-users',
        enabled: true,
        strategies: [{ name: 'userWithId', parameters: { userIds: 'u-1,u-2' }, constraints: [] }],
      },
    ]);
    const started = Date.now();
    const unleash = await startUnleash({ ...options, url, bootstrapFile, startTimeoutMs: 1_000 }, quiet);
    try {
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(unleash.isEnabled('everyone')).toBe(true);
      expect(unleash.isEnabled('switched-off')).toBe(false);
      expect(unleash.isEnabled('beta-users', { userId: 'u-2' })).toBe(true);
      expect(unleash.isEnabled('beta-users', { userId: 'u-3' })).toBe(false);
      expect(warnings.filter((w) => w.includes('gave no flags'))).toEqual([]);
    } finally {
      unleash.destroy();
    }
  });

  it('without a bootstrap file waits startTimeoutMs, says so, and leaves every flag off', async () => {
    const started = Date.now();
    const unleash = await startUnleash({ ...options, url, startTimeoutMs: 300 }, quiet);
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(unleash.isEnabled('everyone')).toBe(false);
      expect(warnings).toContain(
        `Unleash at ${url} gave no flags within 300 ms and there is no bootstrap file: every flag is off until it answers`,
      );
    } finally {
      unleash.destroy();
    }
  });

  it('fails when the configured bootstrap file is unusable', async () => {
    await expect(
      startUnleash({ ...options, url, bootstrapFile: '/nonexistent/flags.json' }, quiet),
    ).rejects.toThrow(InvalidBootstrapFileError);
  });
});
