import { existsSync } from 'node:fs';
import { devConfig } from './dev.config';
import { featureFlagsConfig, FEATURE_FLAGS_PROD_ENV, LOCAL_UNLEASH } from './feature-flags.config';
import { InvalidConfigError } from './invalid-config.error';
import { MissingEnvironmentError } from './missing-environment.error';
import { testConfig } from './test.config';

const prod = { ...devConfig('my-service-events-consumers'), env: 'prod' as const };

describe('featureFlagsConfig', () => {
  it('points dev at the local Unleash and the repo bootstrap file, refreshing every 5 s', () => {
    const config = featureFlagsConfig(devConfig('my-service-events-consumers'), {});
    expect(config).toMatchObject({
      url: LOCAL_UNLEASH.url,
      apiToken: LOCAL_UNLEASH.apiToken,
      appName: 'my-service-events-consumers',
      refreshIntervalMs: 5_000,
    });
    expect(config.bootstrapFile).toMatch(/\/config\/feature-flags\.local\.json$/);
    expect(existsSync(config.bootstrapFile as string)).toBe(true);
  });

  it('refreshes every second in test, so tests see a flipped flag quickly', () => {
    expect(featureFlagsConfig(testConfig('my-service'), {}).refreshIntervalMs).toBe(1_000);
  });

  it('lets dev and test override the server, token, file and interval', () => {
    const env = {
      UNLEASH_URL: 'http://unleash.staging/api',
      UNLEASH_API_TOKEN: 'default:staging.t',
      UNLEASH_BOOTSTRAP_FILE: '/tmp/flags.json',
      UNLEASH_REFRESH_INTERVAL_MS: '250',
    };
    expect(featureFlagsConfig(testConfig('my-service'), env)).toEqual({
      url: 'http://unleash.staging/api',
      apiToken: 'default:staging.t',
      appName: 'my-service',
      refreshIntervalMs: 250,
      bootstrapFile: '/tmp/flags.json',
    });
  });

  it('reads production from the environment, the bootstrap file being optional', () => {
    const env = {
      UNLEASH_URL: 'https://unleash.internal/api',
      UNLEASH_API_TOKEN: 'default:production.s3cret',
    };
    expect(featureFlagsConfig(prod, env)).toEqual({
      url: 'https://unleash.internal/api',
      apiToken: 'default:production.s3cret',
      appName: 'my-service-events-consumers',
      refreshIntervalMs: 15_000,
      bootstrapFile: undefined,
    });
    expect(
      featureFlagsConfig(prod, { ...env, UNLEASH_BOOTSTRAP_FILE: '/app/flags.json' }).bootstrapFile,
    ).toBe('/app/flags.json');
  });

  it('names every missing production variable at once', () => {
    expect(() => featureFlagsConfig(prod, {})).toThrow(
      new MissingEnvironmentError([...FEATURE_FLAGS_PROD_ENV]),
    );
    expect(() => featureFlagsConfig(prod, { UNLEASH_URL: 'https://u/api' })).toThrow(
      'Missing required environment variables: UNLEASH_API_TOKEN',
    );
  });

  it('rejects an unusable refresh interval', () => {
    expect(() =>
      featureFlagsConfig(testConfig('my-service'), { UNLEASH_REFRESH_INTERVAL_MS: 'soon' }),
    ).toThrow(InvalidConfigError);
    expect(() => featureFlagsConfig(testConfig('my-service'), { UNLEASH_REFRESH_INTERVAL_MS: '5' })).toThrow(
      /at least 100, got "5"/,
    );
  });
});
