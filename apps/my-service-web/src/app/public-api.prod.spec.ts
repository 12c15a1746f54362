import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { testConfig } from '@platform/config';
import { bootTestApp, ensureInfra, type BootedApp } from '@platform/testing';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { errorShape, postGraphql, signUserToken } from '../testing/graphql-test-client';
import { APP_NAME, appImports } from './app.module';
import { publicApiConfig } from './public-api.config';

describe('my-service-web in production mode', () => {
  let booted: BootedApp;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    // As a deployment would pass it: RS256, the PEM in one line with escaped newlines.
    const env = {
      JWT_ALGORITHM: 'RS256',
      JWT_VERIFICATION_KEY: (await exportSPKI(pair.publicKey)).replace(/\n/g, '\\n'),
    };
    @Module({
      imports: appImports({
        config: { ...testConfig(APP_NAME), env: 'prod' },
        api: (config) => publicApiConfig(config, env),
      }),
    })
    class ProdAppModule {}
    booted = await bootTestApp(ProdAppModule);
  }, 20 * 60_000);

  afterAll(() => booted?.app.close());

  it('refuses introspection', async () => {
    const res = await postGraphql(booted.url, '{ __schema { queryType { name } } }');
    expect([res.status, errorShape(res)?.code, res.body.errors?.[0].message]).toEqual([
      400,
      'GRAPHQL_VALIDATION_FAILED',
      expect.stringContaining('introspection is not allowed'),
    ]);
  });

  it('serves no landing page or playground', async () => {
    const res = await fetch(`${booted.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('accepts tokens signed with the configured RS256 key and no others, not even the dev secret', async () => {
    const providerId = randomUUID();
    const rs256 = await new SignJWT({ provider_id: providerId })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('user-1')
      .setExpirationTime('5m')
      .sign(privateKey);
    const query = '{ provider { id } }';
    const [good, devToken] = await Promise.all([
      postGraphql(booted.url, query, { token: rs256 }),
      postGraphql(booted.url, query, { token: await signUserToken({ userId: 'user-1', providerId }) }),
    ]);
    expect(good.body).toEqual({ data: { provider: { id: providerId } } });
    expect([errorShape(devToken)?.code, devToken.body.errors?.[0].message]).toEqual([
      'UNAUTHENTICATED',
      'Invalid bearer token: algorithm not allowed',
    ]);
  });
});
