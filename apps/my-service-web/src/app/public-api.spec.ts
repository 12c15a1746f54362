import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { runMigrationsLocked } from '@my-service/domain';
import { bootTestApp, ensureInfra, workspaceRoot, type BootedApp } from '@platform/testing';
import { buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { errorShape, postGraphql, providerState, signUserToken } from '../testing/graphql-test-client';
import { AppModule } from './app.module';

const ENABLE = `mutation Enable($input: ChangeAddOnInput!) {
  enableAddOn(input: $input) { providerId code name enabled changedBy }
}`;
const DISABLE = `mutation Disable($input: ChangeAddOnInput!) { disableAddOn(input: $input) { code enabled } }`;

describe('my-service-web public GraphQL API (real HTTP, real Postgres)', () => {
  let booted: BootedApp;
  let db: DataSource;
  const gql = (query: string, options?: Parameters<typeof postGraphql>[2]) =>
    postGraphql(booted.url, query, options);
  const newCaller = async () => {
    const providerId = randomUUID();
    const userId = `user-${randomUUID()}`;
    return { providerId, userId, token: await signUserToken({ userId, providerId }) };
  };

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    booted = await bootTestApp(AppModule);
    db = booted.app.get(DataSource);
    await runMigrationsLocked(db);
  }, 20 * 60_000);

  afterAll(() => booted?.app.close());

  it('serves the schema committed in schema.graphql (UPDATE_SCHEMA=1 rewrites it)', () => {
    const file = join(workspaceRoot(), 'apps/my-service-web/schema.graphql');
    const served = printSchema(booted.app.get(GraphQLSchemaHost).schema);
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, `${served}\n`);
    // Compared as parsed schemas, so that Prettier's formatting of the file does not matter.
    expect(served).toBe(printSchema(buildSchema(readFileSync(file, 'utf8'))));
  });

  it('enables an add-on for the caller’s provider: the row changes and exactly one add_on_enabled event is written', async () => {
    const { providerId, userId, token } = await newCaller();
    const res = await gql(ENABLE, { token, variables: { input: { providerId, code: 'online_payments' } } });
    expect(res.body).toEqual({
      data: {
        enableAddOn: {
          providerId,
          code: 'online_payments',
          name: 'Online payments',
          enabled: true,
          changedBy: userId,
        },
      },
    });
    expect(await providerState(db, providerId)).toEqual({
      addOns: [{ code: 'online_payments', enabled: true, changed_by: userId }],
      events: ['add_on_enabled'],
    });
  });

  it('lists the provider’s add-ons, directly and through the provider', async () => {
    const { providerId, token } = await newCaller();
    for (const code of ['smart_pricing', 'team_payroll']) {
      await gql(ENABLE, { token, variables: { input: { providerId, code } } });
    }
    await gql(DISABLE, { token, variables: { input: { providerId, code: 'team_payroll' } } });
    const res = await gql(
      `query($p: ID!) {
        addOns(providerId: $p) { code enabled }
        provider { id addOns { code } addOn(code: "smart_pricing") { name provider { id } } missing: addOn(code: "online_payments") { code } }
        addOnCatalog { code }
      }`,
      { token, variables: { p: providerId } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      addOns: [
        { code: 'smart_pricing', enabled: true },
        { code: 'team_payroll', enabled: false },
      ],
      provider: {
        id: providerId,
        addOns: [{ code: 'smart_pricing' }, { code: 'team_payroll' }],
        addOn: { name: 'Smart pricing', provider: { id: providerId } },
        missing: null,
      },
      addOnCatalog: expect.arrayContaining([{ code: 'online_payments' }, { code: 'team_payroll' }]),
    });
  });

  it('maps domain errors to typed GraphQL errors: NOT_FOUND and CONFLICT, with the domain code as reason', async () => {
    const { providerId, token } = await newCaller();
    const input = (code: string) => ({ token, variables: { input: { providerId, code } } });
    const unknown = await gql(ENABLE, input('time_travel'));
    const neverEnabled = await gql(DISABLE, input('smart_pricing'));
    await gql(ENABLE, input('smart_pricing'));
    const twice = await gql(ENABLE, input('smart_pricing'));
    await gql(DISABLE, input('smart_pricing'));
    const disabledTwice = await gql(DISABLE, input('smart_pricing'));
    expect([unknown, neverEnabled, twice, disabledTwice].map(errorShape)).toEqual([
      { code: 'NOT_FOUND', reason: 'ADD_ON_NOT_FOUND', fields: undefined },
      { code: 'NOT_FOUND', reason: 'ADD_ON_NOT_FOUND', fields: undefined },
      { code: 'CONFLICT', reason: 'ADD_ON_ALREADY_ENABLED', fields: undefined },
      { code: 'CONFLICT', reason: 'ADD_ON_ALREADY_DISABLED', fields: undefined },
    ]);
    expect((await providerState(db, providerId)).events).toEqual(['add_on_enabled', 'add_on_disabled']);
  });

  describe('rejects, and changes nothing, when', () => {
    let caller: { providerId: string; userId: string; token: string };
    beforeEach(async () => {
      caller = await newCaller();
    });
    afterEach(async () => {
      expect(await providerState(db, caller.providerId)).toEqual({ addOns: [], events: [] });
    });
    const enableOwn = (options: { token?: string; code?: string } = {}) =>
      gql(ENABLE, {
        token: options.token,
        variables: { input: { providerId: caller.providerId, code: options.code ?? 'online_payments' } },
      });

    it('there is no token, or a bad or expired one: UNAUTHENTICATED', async () => {
      const results = await Promise.all([
        enableOwn(),
        enableOwn({ token: 'not.a.jwt' }),
        enableOwn({
          token: await signUserToken(caller, { secret: 'someone-elses-secret-someone-elses-secret' }),
        }),
        enableOwn({ token: await signUserToken(caller, { expiresAt: Math.floor(Date.now() / 1000) - 120 }) }),
      ]);
      expect(results.map((r) => [r.body.data, errorShape(r)?.code])).toEqual(
        Array(4).fill([null, 'UNAUTHENTICATED']),
      );
      expect(results[3].body.errors?.[0].message).toBe('Invalid bearer token: token expired');
    });

    it('the caller acts for another provider: FORBIDDEN', async () => {
      const intruder = await newCaller();
      const results = await Promise.all([
        enableOwn({ token: intruder.token }),
        gql('query($p: ID!) { addOns(providerId: $p) { code } }', {
          token: intruder.token,
          variables: { p: caller.providerId },
        }),
        gql('query($p: ID!) { provider(id: $p) { addOns { code } } }', {
          token: intruder.token,
          variables: { p: caller.providerId },
        }),
      ]);
      expect(results.map((r) => errorShape(r)?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(await providerState(db, intruder.providerId)).toEqual({ addOns: [], events: [] });
    });

    it('the input is invalid: BAD_USER_INPUT with a message per field', async () => {
      const res = await enableOwn({ token: caller.token, code: 'Not A Code!' });
      expect(errorShape(res)).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_INPUT',
        fields: { code: expect.stringContaining('lower-case letters') },
      });
      const missingField = await gql(ENABLE, {
        token: caller.token,
        variables: { input: { providerId: caller.providerId } },
      });
      // Caught by GraphQL's variable coercion before the resolver: Apollo reports it as a validation failure.
      expect([missingField.status, errorShape(missingField)?.code]).toEqual([
        400,
        'GRAPHQL_VALIDATION_FAILED',
      ]);
      expect(missingField.body.errors?.[0].message).toContain(
        'Field "code" of required type "String!" was not provided',
      );
    });

    it('the operation is too deep: refused before any resolver runs', async () => {
      const res = await gql(
        `mutation($input: ChangeAddOnInput!) {
          enableAddOn(input: $input) { provider { addOns { provider { addOns { provider { addOns { code } } } } } } }
        }`,
        {
          token: caller.token,
          variables: { input: { providerId: caller.providerId, code: 'online_payments' } },
        },
      );
      expect([res.status, res.body.data, res.body.errors?.[0].extensions]).toEqual([
        400,
        undefined,
        expect.objectContaining({
          code: 'GRAPHQL_VALIDATION_FAILED',
          reason: 'QUERY_TOO_DEEP',
          depth: 8,
          maxDepth: 6,
        }),
      ]);
    });

    it('the operation is too complex: refused before any resolver runs', async () => {
      const aliases = Array.from(
        { length: 7 },
        (_, i) => `a${i}: addOns { code name enabled changedBy }`,
      ).join(' ');
      const res = await gql(
        `mutation($input: ChangeAddOnInput!) { enableAddOn(input: $input) { provider { ${aliases} } } }`,
        {
          token: caller.token,
          variables: { input: { providerId: caller.providerId, code: 'online_payments' } },
        },
      );
      expect([res.status, res.body.data, res.body.errors?.[0].extensions]).toEqual([
        400,
        undefined,
        expect.objectContaining({
          code: 'GRAPHQL_VALIDATION_FAILED',
          reason: 'QUERY_TOO_COMPLEX',
          complexity: 289,
          maxComplexity: 250,
        }),
      ]);
    });
  });

  it('allows introspection outside production, within the limits', async () => {
    const res = await gql(getIntrospectionQuery());
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.__schema.mutationType).toMatchObject({ name: 'Mutation' });
  });
});
