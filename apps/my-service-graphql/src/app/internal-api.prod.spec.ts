import { Module } from '@nestjs/common';
import { testConfig } from '@platform/config';
import { bootTestApp, ensureInfra, type BootedApp } from '@platform/testing';
import { errorShape, postGraphql } from '../testing/graphql-test-client';
import { APP_NAME, appImports } from './app.module';
import { internalApiConfig, LOCAL_SERVICE_TOKEN } from './internal-api.config';

const PROD_TOKEN = 'prod-service-token-for-the-test-0123456789';
const NEXT_TOKEN = 'next-service-token-for-the-test-0123456789';

describe('my-service-graphql in production mode', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    const env = { INTERNAL_SERVICE_TOKENS: ` ${PROD_TOKEN}, ${NEXT_TOKEN} ` };
    @Module({
      imports: appImports({
        config: { ...testConfig(APP_NAME), env: 'prod' },
        api: (config) => internalApiConfig(config, env),
      }),
    })
    class ProdAppModule {}
    booted = await bootTestApp(ProdAppModule);
  }, 20 * 60_000);

  afterAll(() => booted?.app.close());

  it('refuses introspection, even to an authenticated service', async () => {
    const res = await postGraphql(booted.url, '{ __schema { queryType { name } } }', { token: PROD_TOKEN });
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

  it('accepts every configured token and not the local one', async () => {
    const query = '{ addOnCatalog { code } }';
    const [current, next, local] = await Promise.all(
      [PROD_TOKEN, NEXT_TOKEN, LOCAL_SERVICE_TOKEN].map((token) => postGraphql(booted.url, query, { token })),
    );
    expect([current, next].map((r) => r.body.data?.addOnCatalog.length)).toEqual([4, 4]);
    expect(errorShape(local)?.code).toBe('UNAUTHENTICATED');
  });
});
