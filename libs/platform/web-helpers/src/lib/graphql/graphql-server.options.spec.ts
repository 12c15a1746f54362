import { Module, type INestApplication } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, Context, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { GraphQLModule } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import type { AppEnvironment } from '@platform/config';
import type { Request } from 'express';
import { SignJWT } from 'jose';
import { PROVIDER_ID_HEADER, USER_ID_HEADER, type ServiceCaller, type UserCaller } from '../auth/caller';
import { CurrentService, CurrentUser } from '../auth/current-caller.decorator';
import { JwtAuthModule } from '../auth/jwt-auth.module';
import { Public } from '../auth/public.decorator';
import { ServiceTokenAuthModule } from '../auth/service-token-auth.module';
import { graphqlServerOptions } from './graphql-server.options';

const SECRET = 'probe-secret-probe-secret-probe-secret-42';
const SERVICE_TOKEN = 'probe-service-token-0123456789abcdefghij';

@ObjectType()
class Seen {
  @Field(() => String, { nullable: true }) userId?: string;
  @Field(() => String, { nullable: true }) providerId?: string;
  @Field(() => String, { nullable: true }) headerUserId?: string;
  @Field(() => String, { nullable: true }) headerProviderId?: string;
}

@ObjectType()
class Item {
  @Field(() => ID) id!: string;
  @Field(() => Item, { nullable: true }) child?: Item;
}

const seenHeaders = (req: Request): Seen => ({
  headerUserId: req.headers[USER_ID_HEADER] as string | undefined,
  headerProviderId: req.headers[PROVIDER_ID_HEADER] as string | undefined,
});

@Resolver()
class ProbeResolver {
  @Query(() => Seen)
  whoAmI(@CurrentUser() user: UserCaller, @Context('req') req: Request): Seen {
    return { userId: user.userId, providerId: user.providerId, ...seenHeaders(req) };
  }

  @Public()
  @Query(() => Seen)
  anonymousHeaders(@Context('req') req: Request): Seen {
    return seenHeaders(req);
  }

  @Public()
  @Query(() => [Item], {
    complexity: ({ args, childComplexity }) => (args['first'] as number) * childComplexity,
  })
  items(@Args('first', { type: () => Int }) first: number): Item[] {
    return Array.from({ length: first }, (_, i) => ({ id: String(i), child: { id: `${i}.1` } }));
  }

  @Public()
  @Query(() => Boolean)
  boom(): boolean {
    throw new Error('connect ECONNREFUSED 10.1.2.3:5432 (table secret_things)');
  }
}

@Resolver()
class InternalProbeResolver {
  @Query(() => Seen)
  service(@CurrentService() service: ServiceCaller, @Context('req') req: Request): Seen {
    return { userId: service.forwardedUserId, providerId: service.forwardedProviderId, ...seenHeaders(req) };
  }
}

const LIMITS = { maxDepth: 3, maxComplexity: 50 };

function publicProbe(env: AppEnvironment) {
  @Module({
    imports: [
      JwtAuthModule.forRoot({ algorithm: 'HS256', key: SECRET }),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        ...graphqlServerOptions({ env, limits: LIMITS }),
        driver: ApolloDriver,
      }),
    ],
    providers: [ProbeResolver],
  })
  class PublicProbeModule {}
  return PublicProbeModule;
}

@Module({
  imports: [
    ServiceTokenAuthModule.forRoot({ tokens: [SERVICE_TOKEN] }),
    GraphQLModule.forRoot<ApolloDriverConfig>({
      ...graphqlServerOptions({ env: 'test' }),
      driver: ApolloDriver,
    }),
  ],
  providers: [InternalProbeResolver],
})
class InternalProbeModule {}

async function boot(module: new () => unknown): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

type GqlResponse = {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions: Record<string, any> }> };
};

function post(
  url: string,
  query: string,
  headers: Record<string, string> = {},
  variables?: object,
): Promise<GqlResponse> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  }).then(async (res) => ({ status: res.status, body: (await res.json()) as GqlResponse['body'] }));
}

const token = (claims: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));

describe('graphqlServerOptions with JwtAuthModule (a probe app over HTTP)', () => {
  let test: { app: INestApplication; url: string };
  let prod: { app: INestApplication; url: string };
  let dev: { app: INestApplication; url: string };

  beforeAll(async () => {
    test = await boot(publicProbe('test'));
    prod = await boot(publicProbe('prod'));
    dev = await boot(publicProbe('dev'));
  });
  afterAll(async () => {
    await test?.app.close();
    await prod?.app.close();
    await dev?.app.close();
  });

  it('establishes the caller from the token and overwrites spoofed identity headers with its claims', async () => {
    const bearer = `Bearer ${await token({ sub: 'u-1', provider_id: 'p-1' })}`;
    const res = await post(test.url, '{ whoAmI { userId providerId headerUserId headerProviderId } }', {
      authorization: bearer,
      [USER_ID_HEADER]: 'admin',
      [PROVIDER_ID_HEADER]: 'p-other',
    });
    expect(res.body).toEqual({
      data: { whoAmI: { userId: 'u-1', providerId: 'p-1', headerUserId: 'u-1', headerProviderId: 'p-1' } },
    });
  });

  it('strips identity headers sent without a valid token', async () => {
    const spoofed = { [USER_ID_HEADER]: 'admin', [PROVIDER_ID_HEADER]: 'p-other' };
    const query = '{ anonymousHeaders { headerUserId headerProviderId } }';
    const anonymous = await post(test.url, query, spoofed);
    const badToken = await post(test.url, query, {
      ...spoofed,
      authorization: `Bearer ${await token({ sub: 'u', provider_id: 'p' }, 'x'.repeat(40))}`,
    });
    expect([anonymous.body, badToken.body]).toEqual(
      Array(2).fill({ data: { anonymousHeaders: { headerUserId: null, headerProviderId: null } } }),
    );
  });

  it('answers UNAUTHENTICATED without a token, with a bad one, and with a non-bearer header', async () => {
    const query = '{ whoAmI { userId } }';
    const results = await Promise.all([
      post(test.url, query),
      post(test.url, query, {
        authorization: `Bearer ${await token({ sub: 'u', provider_id: 'p' }, 'y'.repeat(40))}`,
      }),
      post(test.url, query, { authorization: `Bearer ${await token({ sub: 'u' })}` }),
      post(test.url, query, { authorization: 'Basic dXNlcjpwYXNz' }),
    ]);
    expect(
      results.map((r) => [r.body.data, r.body.errors?.[0].extensions.code, r.body.errors?.[0].message]),
    ).toEqual([
      [null, 'UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>"'],
      [null, 'UNAUTHENTICATED', 'Invalid bearer token: signature verification failed'],
      [null, 'UNAUTHENTICATED', 'Invalid bearer token: claim "provider_id" must be a non-empty string'],
      [null, 'UNAUTHENTICATED', 'Authorization header is not "Bearer <token>"'],
    ]);
  });

  it('refuses too deep and too complex operations with HTTP 400 before resolving anything', async () => {
    const deep = await post(test.url, '{ items(first: 1) { child { child { id } } } }');
    const complex = await post(
      test.url,
      'query($n: Int!) { items(first: $n) { id child { id } } }',
      {},
      { n: 20 },
    );
    const fine = await post(
      test.url,
      'query($n: Int!) { items(first: $n) { id child { id } } }',
      {},
      { n: 2 },
    );
    expect([deep.status, deep.body.errors?.[0].extensions]).toEqual([
      400,
      expect.objectContaining({
        code: 'GRAPHQL_VALIDATION_FAILED',
        reason: 'QUERY_TOO_DEEP',
        depth: 4,
        maxDepth: 3,
      }),
    ]);
    expect([complex.status, complex.body.errors?.[0].extensions]).toEqual([
      400,
      expect.objectContaining({
        code: 'GRAPHQL_VALIDATION_FAILED',
        reason: 'QUERY_TOO_COMPLEX',
        complexity: 60,
        maxComplexity: 50,
      }),
    ]);
    expect(complex.body.data).toBeUndefined();
    expect(fine.body.data.items).toHaveLength(2);
  });

  it('allows introspection outside production and forbids it in production', async () => {
    const query = '{ __schema { queryType { name } } }';
    const [inTest, inProd] = await Promise.all([post(test.url, query), post(prod.url, query)]);
    expect(inTest.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect([inProd.status, inProd.body.errors?.[0].extensions.code, inProd.body.errors?.[0].message]).toEqual(
      [400, 'GRAPHQL_VALIDATION_FAILED', expect.stringContaining('introspection is not allowed')],
    );
  });

  it('serves GraphiQL in dev only', async () => {
    const page = (url: string) =>
      fetch(`${url}/graphql`, { headers: { accept: 'text/html' } }).then(
        (res) => res.headers.get('content-type') ?? '',
      );
    const [inDev, inTest, inProd] = await Promise.all([page(dev.url), page(test.url), page(prod.url)]);
    expect([inDev, inTest, inProd].map((type) => type.includes('text/html'))).toEqual([true, false, false]);
  });

  it('hides the message and stack of unexpected errors in production only', async () => {
    const [inTest, inProd] = await Promise.all([post(test.url, '{ boom }'), post(prod.url, '{ boom }')]);
    expect(inTest.body.errors?.[0].message).toContain('ECONNREFUSED');
    expect(inProd.body.errors).toEqual([
      {
        message: 'Internal server error',
        locations: [{ line: 1, column: 3 }],
        path: ['boom'],
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ]);
  });
});

describe('ServiceTokenAuthModule (a probe app over HTTP)', () => {
  let internal: { app: INestApplication; url: string };
  beforeAll(async () => {
    internal = await boot(InternalProbeModule);
  });
  afterAll(() => internal?.app.close());

  const query = '{ service { userId providerId headerUserId } }';

  it('accepts the service token and keeps the identity headers the service forwards', async () => {
    const res = await post(internal.url, query, {
      authorization: `Bearer ${SERVICE_TOKEN}`,
      [USER_ID_HEADER]: 'staff-7',
      [PROVIDER_ID_HEADER]: 'p-9',
    });
    expect(res.body).toEqual({
      data: { service: { userId: 'staff-7', providerId: 'p-9', headerUserId: 'staff-7' } },
    });
  });

  it('answers UNAUTHENTICATED to a missing or wrong token', async () => {
    const results = await Promise.all([
      post(internal.url, query),
      post(internal.url, query, { authorization: `Bearer ${SERVICE_TOKEN}x` }),
      post(internal.url, query, { authorization: `Bearer ${await token({ sub: 'u', provider_id: 'p' })}` }),
    ]);
    expect(results.map((r) => [r.body.errors?.[0].extensions.code, r.body.errors?.[0].message])).toEqual([
      ['UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>"'],
      ['UNAUTHENTICATED', 'Invalid service token'],
      ['UNAUTHENTICATED', 'Invalid service token'],
    ]);
  });
});
