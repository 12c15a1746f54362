import { randomUUID } from 'node:crypto';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DisableAddOnCommand } from '../commands/disable-add-on.command';
import { EnableAddOnCommand } from '../commands/enable-add-on.command';
import { AddOnQueries } from '../queries/add-on.queries';
import { bootOutboxTestModule } from './outbox-test-module';

describe('add-on commands and queries (real Postgres)', () => {
  let moduleRef: TestingModule;
  let enable: EnableAddOnCommand;
  let disable: DisableAddOnCommand;
  let queries: AddOnQueries;
  let db: DataSource;
  const outboxCount = async (providerId: string) =>
    Number(
      (await db.query('SELECT count(*) AS n FROM outbox_events WHERE partition_key = $1', [providerId]))[0].n,
    );

  beforeAll(async () => {
    moduleRef = await bootOutboxTestModule();
    enable = moduleRef.get(EnableAddOnCommand);
    disable = moduleRef.get(DisableAddOnCommand);
    queries = moduleRef.get(AddOnQueries);
    db = moduleRef.get(DataSource);
  }, 20 * 60_000);

  afterAll(() => moduleRef?.close());

  it('rejects invalid input with a message per field, before touching the database', async () => {
    const result = await enable.execute({ providerId: 'not-a-uuid', code: 'Bad Code', actorId: ' ' });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        fields: {
          providerId: 'must be a UUID',
          code: expect.stringContaining('lower-case'),
          actorId: 'must not be empty',
        },
      },
    });
  });

  it('gives stable codes for unknown add-ons and impossible transitions, and writes no event for them', async () => {
    const providerId = randomUUID();
    expect(await enable.execute({ providerId, code: 'time_travel', actorId: 'u' })).toMatchObject({
      ok: false,
      error: { code: 'ADD_ON_NOT_FOUND' },
    });
    expect(await disable.execute({ providerId, code: 'online_payments', actorId: 'u' })).toMatchObject({
      ok: false,
      error: { code: 'ADD_ON_NOT_FOUND' },
    });
    expect(await enable.execute({ providerId, code: 'online_payments', actorId: 'u' })).toMatchObject({
      ok: true,
    });
    expect(await disable.execute({ providerId, code: 'online_payments', actorId: 'u' })).toMatchObject({
      ok: true,
    });
    expect(await disable.execute({ providerId, code: 'online_payments', actorId: 'u' })).toMatchObject({
      ok: false,
      error: { code: 'ADD_ON_ALREADY_DISABLED' },
    });
    expect(await outboxCount(providerId)).toBe(2);
  });

  it('lets exactly one of many concurrent enables win, with one event', async () => {
    const providerId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => enable.execute({ providerId, code: 'team_payroll', actorId: 'u' })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(
      Array(7).fill('ADD_ON_ALREADY_ENABLED'),
    );
    expect(await outboxCount(providerId)).toBe(1);
  });

  it('reads a provider’s add-ons and one add-on', async () => {
    const providerId = randomUUID();
    await enable.execute({ providerId, code: 'smart_pricing', actorId: 'u' });
    await enable.execute({ providerId, code: 'marketing_messages', actorId: 'u' });
    const list = await queries.listForProvider(providerId);
    expect(list.ok && list.value.map((a) => [a.code, a.name, a.enabled])).toEqual([
      ['marketing_messages', 'Marketing messages', true],
      ['smart_pricing', 'Smart pricing', true],
    ]);
    expect(await queries.get(providerId, 'online_payments')).toMatchObject({
      ok: false,
      error: { code: 'ADD_ON_NOT_FOUND' },
    });
    expect(await queries.listForProvider('nope')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
