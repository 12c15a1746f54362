import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { runMigrationsLocked } from '@my-service/domain';
import { USER_ID_HEADER } from '@platform/web-helpers';
import { bootTestApp, ensureInfra, workspaceRoot, type BootedApp } from '@platform/testing';
import { buildSchema, printSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { errorShape, postGraphql, providerState } from '../testing/graphql-test-client';
import { AppModule } from './app.module';

const ENABLE = `mutation Enable($input: BackOfficeChangeAddOnInput!) {
  enableAddOn(input: $input) { providerId code name enabled changedBy }
}`;
const DISABLE = `mutation Disable($input: BackOfficeChangeAddOnInput!) { disableAddOn(input: $input) { code enabled changedBy } }`;
const SEARCH = `query Search($filter: AddOnFilter, $first: Int, $after: String) {
  addOns(filter: $filter, first: $first, after: $after) {
    nodes { providerId code enabled }
    totalCount
    pageInfo { endCursor hasNextPage }
  }
}`;

describe('my-service-graphql internal GraphQL API (real HTTP, real Postgres)', () => {
  let booted: BootedApp;
  let db: DataSource;
  const gql = (query: string, options?: Parameters<typeof postGraphql>[2]) =>
    postGraphql(booted.url, query, options);
  const enable = (providerId: string, code: string, actorId = 'staff-1') =>
    gql(ENABLE, { variables: { input: { providerId, code, actorId } } });

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    booted = await bootTestApp(AppModule);
    db = booted.app.get(DataSource);
    await runMigrationsLocked(db);
  }, 20 * 60_000);

  afterAll(() => booted?.app.close());

  it('serves the schema committed in schema.graphql (UPDATE_SCHEMA=1 rewrites it)', () => {
    const file = join(workspaceRoot(), 'apps/my-service-graphql/schema.graphql');
    const served = printSchema(booted.app.get(GraphQLSchemaHost).schema);
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, `${served}\n`);
    // Compared as parsed schemas, so that Prettier's formatting of the file does not matter.
    expect(served).toBe(printSchema(buildSchema(readFileSync(file, 'utf8'))));
  });

  it('enables an add-on for any provider: the row changes and exactly one add_on_enabled event is written', async () => {
    const providerId = randomUUID();
    const res = await enable(providerId, 'marketing_messages', 'staff-42');
    expect(res.body).toEqual({
      data: {
        enableAddOn: {
          providerId,
          code: 'marketing_messages',
          name: 'Marketing messages',
          enabled: true,
          changedBy: 'staff-42',
        },
      },
    });
    expect(await providerState(db, providerId)).toEqual({
      addOns: [{ code: 'marketing_messages', enabled: true, changed_by: 'staff-42' }],
      events: ['add_on_enabled'],
    });
  });

  it('takes the actor from the forwarded x-user-id header when the input has none', async () => {
    const providerId = randomUUID();
    await enable(providerId, 'smart_pricing');
    const res = await gql(DISABLE, {
      variables: { input: { providerId, code: 'smart_pricing' } },
      headers: { [USER_ID_HEADER]: 'staff-from-header' },
    });
    expect(res.body).toEqual({
      data: { disableAddOn: { code: 'smart_pricing', enabled: false, changedBy: 'staff-from-header' } },
    });
    const withoutActor = await gql(DISABLE, { variables: { input: { providerId, code: 'smart_pricing' } } });
    expect(errorShape(withoutActor)).toEqual({
      code: 'BAD_USER_INPUT',
      reason: undefined,
      fields: { actorId: 'is required: pass actorId or forward the x-user-id header' },
    });
  });

  it('filters add-ons across providers and pages through them with cursors', async () => {
    const [p1, p2, p3] = Array.from({ length: 3 }, () => randomUUID()).sort();
    for (const [providerId, code] of [
      [p1, 'online_payments'],
      [p1, 'team_payroll'],
      [p2, 'online_payments'],
      [p2, 'smart_pricing'],
      [p3, 'online_payments'],
    ]) {
      expect((await enable(providerId, code)).body.errors).toBeUndefined();
    }
    await gql(DISABLE, {
      variables: { input: { providerId: p2, code: 'smart_pricing', actorId: 'staff-1' } },
    });

    const filter = { providerIds: [p1, p2, p3] };
    const first = await gql(SEARCH, { variables: { filter, first: 2 } });
    const second = await gql(SEARCH, {
      variables: { filter, first: 2, after: first.body.data.addOns.pageInfo.endCursor },
    });
    const third = await gql(SEARCH, {
      variables: { filter, first: 2, after: second.body.data.addOns.pageInfo.endCursor },
    });
    const codesOf = (res: typeof first) =>
      res.body.data.addOns.nodes.map((n: { providerId: string; code: string }) => [n.providerId, n.code]);
    expect([codesOf(first), codesOf(second), codesOf(third)]).toEqual([
      [
        [p1, 'online_payments'],
        [p1, 'team_payroll'],
      ],
      [
        [p2, 'online_payments'],
        [p2, 'smart_pricing'],
      ],
      [[p3, 'online_payments']],
    ]);
    expect(
      [first, second, third].map((r) => [
        r.body.data.addOns.totalCount,
        r.body.data.addOns.pageInfo.hasNextPage,
      ]),
    ).toEqual([
      [5, true],
      [5, true],
      [5, false],
    ]);

    const narrowed = await gql(SEARCH, {
      variables: {
        filter: { ...filter, codes: ['online_payments', 'smart_pricing'], enabled: true },
        first: 10,
      },
    });
    expect(codesOf(narrowed)).toEqual([
      [p1, 'online_payments'],
      [p2, 'online_payments'],
      [p3, 'online_payments'],
    ]);
    const future = await gql(SEARCH, {
      variables: { filter: { ...filter, updatedFrom: new Date(Date.now() + 60_000).toISOString() } },
    });
    expect(future.body.data.addOns).toEqual({
      nodes: [],
      totalCount: 0,
      pageInfo: { endCursor: null, hasNextPage: false },
    });
  });

  it('reads one add-on, null when never enabled', async () => {
    const providerId = randomUUID();
    await enable(providerId, 'team_payroll');
    const res = await gql(
      'query($p: ID!) { addOn(providerId: $p, code: "team_payroll") { code enabled } none: addOn(providerId: $p, code: "smart_pricing") { code } }',
      { variables: { p: providerId } },
    );
    expect(res.body).toEqual({ data: { addOn: { code: 'team_payroll', enabled: true }, none: null } });
  });

  it('reports the outbox backlog: how many rows wait and how old the oldest is', async () => {
    await enable(randomUUID(), 'online_payments');
    const [{ n, oldest }] = await db.query(
      `SELECT count(*)::int AS n, min("timestamp") AT TIME ZONE 'UTC' AS oldest FROM outbox_events`,
    );
    const res = await gql('{ outboxBacklog { count oldestEventAt oldestEventAgeSeconds } }');
    const backlog = res.body.data.outboxBacklog;
    // Other suites may write or prune rows meanwhile: compare loosely with what the table held just before.
    expect([backlog.count >= 1, n >= 1]).toEqual([true, true]);
    expect(new Date(backlog.oldestEventAt).getTime()).toBeGreaterThanOrEqual((oldest as Date).getTime());
    expect(new Date(backlog.oldestEventAt).getTime()).toBeLessThanOrEqual(Date.now());
    const expectedAge = (Date.now() - new Date(backlog.oldestEventAt).getTime()) / 1000;
    expect(Math.abs(backlog.oldestEventAgeSeconds - expectedAge)).toBeLessThan(5);
  });

  it('maps domain errors to typed GraphQL errors', async () => {
    const providerId = randomUUID();
    await enable(providerId, 'smart_pricing');
    const results = await Promise.all([
      enable(providerId, 'smart_pricing'),
      enable(providerId, 'time_travel'),
      gql(DISABLE, { variables: { input: { providerId, code: 'online_payments', actorId: 'staff-1' } } }),
    ]);
    expect(results.map((r) => [errorShape(r)?.code, errorShape(r)?.reason])).toEqual([
      ['CONFLICT', 'ADD_ON_ALREADY_ENABLED'],
      ['NOT_FOUND', 'ADD_ON_NOT_FOUND'],
      ['NOT_FOUND', 'ADD_ON_NOT_FOUND'],
    ]);
  });

  describe('rejects, and changes nothing, when', () => {
    let providerId: string;
    beforeEach(() => {
      providerId = randomUUID();
    });
    afterEach(async () => {
      expect(await providerState(db, providerId)).toEqual({ addOns: [], events: [] });
    });

    it('the service token is missing or wrong: UNAUTHENTICATED', async () => {
      const variables = { input: { providerId, code: 'online_payments', actorId: 'staff-1' } };
      const results = await Promise.all([
        gql(ENABLE, { token: null, variables }),
        gql(ENABLE, { token: 'guess-guess-guess-guess-guess-guess-guess', variables }),
        gql('{ outboxBacklog { count } }', { token: null }),
      ]);
      expect(results.map((r) => [r.body.data, errorShape(r)?.code])).toEqual(
        Array(3).fill([null, 'UNAUTHENTICATED']),
      );
    });

    it('the input is invalid: BAD_USER_INPUT with a message per field', async () => {
      const res = await gql(ENABLE, {
        variables: { input: { providerId: 'nope', code: 'Bad Code', actorId: 'staff-1' } },
      });
      expect(errorShape(res)).toEqual({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_INPUT',
        fields: { providerId: 'must be a UUID', code: expect.stringContaining('lower-case letters') },
      });
      const page = await gql(SEARCH, {
        variables: { first: 0, after: 'not-a-cursor', filter: { providerIds: ['x'] } },
      });
      expect(errorShape(page)).toEqual({
        code: 'BAD_USER_INPUT',
        reason: undefined,
        fields: {
          first: 'must be between 1 and 100',
          after: 'must be an endCursor returned by this query',
          'filter.providerIds': 'must all be UUIDs',
        },
      });
    });

    it('the operation is too complex: refused before any resolver runs', async () => {
      // 200 aliased mutations at 8 each: over the 1500 budget although each alone is cheap.
      const aliases = Array.from(
        { length: 200 },
        (_, i) => `m${i}: enableAddOn(input: $input) { id providerId code name enabled changedBy updatedAt }`,
      );
      const res = await gql(`mutation($input: BackOfficeChangeAddOnInput!) { ${aliases.join(' ')} }`, {
        variables: { input: { providerId, code: 'online_payments', actorId: 'staff-1' } },
      });
      expect([res.status, res.body.data, res.body.errors?.[0].extensions]).toEqual([
        400,
        undefined,
        expect.objectContaining({
          code: 'GRAPHQL_VALIDATION_FAILED',
          reason: 'QUERY_TOO_COMPLEX',
          complexity: 1600,
        }),
      ]);
      // Three full pages: 3 x (1 + 100 x 6).
      const pages = `{ ${[1, 2, 3].map((i) => `q${i}: addOns(first: 100) { nodes { id code name enabled } totalCount }`).join(' ')} }`;
      expect((await gql(pages)).body.errors?.[0].extensions).toMatchObject({
        reason: 'QUERY_TOO_COMPLEX',
        complexity: 1803,
      });
    });
  });
});
