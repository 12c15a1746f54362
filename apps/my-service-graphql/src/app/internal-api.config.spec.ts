import { devConfig, MissingEnvironmentError, testConfig, type AppConfig } from '@platform/config';
import { internalApiConfig, LOCAL_SERVICE_TOKEN } from './internal-api.config';

const prod: AppConfig = { ...devConfig('my-service-graphql'), env: 'prod' };

describe('internalApiConfig', () => {
  it('uses the local token in dev and test, whatever the environment says', () => {
    const env = { INTERNAL_SERVICE_TOKENS: 'ignored' };
    expect([devConfig('g'), testConfig('g')].map((c) => internalApiConfig(c, env).serviceTokens)).toEqual([
      [LOCAL_SERVICE_TOKEN],
      [LOCAL_SERVICE_TOKEN],
    ]);
  });

  it('reads a comma-separated token list in production and requires it', () => {
    expect(internalApiConfig(prod, { INTERNAL_SERVICE_TOKENS: ' a ,b,, ' }).serviceTokens).toEqual([
      'a',
      'b',
    ]);
    expect(() => internalApiConfig(prod, {})).toThrow(
      new MissingEnvironmentError(['INTERNAL_SERVICE_TOKENS']),
    );
  });
});
