import {
  devConfig,
  InvalidConfigError,
  MissingEnvironmentError,
  testConfig,
  type AppConfig,
} from '@platform/config';
import { LOCAL_JWT_SECRET, publicApiConfig } from './public-api.config';

const prod: AppConfig = { ...devConfig('my-service-web'), env: 'prod' };

describe('publicApiConfig', () => {
  it('uses the local secret in dev and test, whatever the environment says', () => {
    const env = { JWT_ALGORITHM: 'RS256', JWT_VERIFICATION_KEY: 'ignored' };
    expect([devConfig('w'), testConfig('w')].map((c) => publicApiConfig(c, env).jwt)).toEqual([
      { algorithm: 'HS256', key: LOCAL_JWT_SECRET },
      { algorithm: 'HS256', key: LOCAL_JWT_SECRET },
    ]);
  });

  it('reads production settings from the environment, unescaping PEM newlines', () => {
    const env = {
      JWT_ALGORITHM: 'RS256',
      JWT_VERIFICATION_KEY: 'line1\\nline2',
      JWT_ISSUER: 'auth',
      JWT_AUDIENCE: '',
    };
    expect(publicApiConfig(prod, env).jwt).toEqual({
      algorithm: 'RS256',
      key: 'line1\nline2',
      issuer: 'auth',
      audience: undefined,
    });
  });

  it('names every missing production variable at once, and refuses unknown algorithms', () => {
    expect(() => publicApiConfig(prod, {})).toThrow(
      new MissingEnvironmentError(['JWT_ALGORITHM', 'JWT_VERIFICATION_KEY']),
    );
    expect(() => publicApiConfig(prod, { JWT_ALGORITHM: 'none', JWT_VERIFICATION_KEY: 'k' })).toThrow(
      InvalidConfigError,
    );
  });
});
