import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { runMigrationsLocked } from '@my-service/domain';
import { bootTestApp, ensureInfra, workspaceRoot, type BootedApp } from '@platform/testing';
import { DataSource } from 'typeorm';
import { errorShape, postGraphql } from './testing/graphql-test-client';
import { AppModule } from './app/app.module';

const run = promisify(execFile);
const devTokens = (args: string[], env: Record<string, string> = {}) =>
  run('bash', ['scripts/dev-tokens.sh', ...args], {
    cwd: workspaceRoot(),
    env: { PATH: process.env.PATH, ...env },
  });

const ADD_ONS = 'query($p: ID!) { addOns(providerId: $p) { code } }';

// `npm run dev-tokens`: the printed user token is one the public API accepts, for the provider asked.
describe('npm run dev-tokens (public API on real HTTP and Postgres)', () => {
  let booted: BootedApp;

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    booted = await bootTestApp(AppModule);
    await runMigrationsLocked(booted.app.get(DataSource));
  }, 20 * 60_000);

  afterAll(() => booted?.app.close());

  it('prints a user token for the provider that the API accepts, and only for that provider', async () => {
    const providerId = randomUUID();
    const { stdout } = await devTokens(['--provider', providerId, '--user', 'readme-user']);
    const token = /^export WEB_TOKEN=(\S+) /m.exec(stdout)?.[1] as string;
    expect(stdout).toMatch(/^export INTERNAL_TOKEN=\S+ {2}# internal GraphQL$/m);
    expect(stdout).toMatch(/^export RPC_TOKEN=\S+ {2}# gRPC on 127\.0\.0\.1:50051$/m);

    const own = await postGraphql(booted.url, ADD_ONS, { token, variables: { p: providerId } });
    expect(own.body).toEqual({ data: { addOns: [] } });
    const other = await postGraphql(booted.url, ADD_ONS, { token, variables: { p: randomUUID() } });
    expect(errorShape(other)).toMatchObject({ code: 'FORBIDDEN' });
  }, 60_000);

  it('refuses outside the dev config', async () => {
    await expect(devTokens(['--provider', 'p'], { APP_ENV: 'prod' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('dev tokens are for the dev config only'),
    });
  }, 60_000);
});
