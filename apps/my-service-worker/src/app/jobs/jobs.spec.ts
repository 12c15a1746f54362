import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AddOnQueries, runMigrationsLocked } from '@my-service/domain';
import { ensureInfra, eventually } from '@platform/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { EnableAddOnJob } from './enable-add-on.job';
import { InboxPruneJob } from './inbox-prune.job';
import { JOB_DEFINITIONS, type JobDefinition } from './job.definition';
import { JobQueue } from './job-queue';
import { OutboxPruneJob } from './outbox-prune.job';

/** Fails its first attempt of each job, to show the queue's retries. */
class FlakyJob implements JobDefinition<{ key: string }> {
  readonly name = 'test.flaky';
  readonly retryLimit = 2;
  readonly retryDelaySeconds = 1;
  readonly attempts = new Map<string, number>();

  async handle({ key }: { key: string }): Promise<void> {
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    if (attempt === 1) throw new Error(`first attempt of ${key} fails`);
  }
}

async function bootWorker(flaky: FlakyJob): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(JOB_DEFINITIONS)
    .useFactory({
      factory: (...jobs: JobDefinition[]) => [...jobs, flaky],
      inject: [OutboxPruneJob, InboxPruneJob, EnableAddOnJob],
    })
    .compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  return app;
}

describe('worker jobs on pg-boss (real Postgres)', () => {
  const flaky = new FlakyJob();
  let app: INestApplication;

  beforeAll(async () => {
    await ensureInfra(['postgres']);
    app = await bootWorker(flaky);
    await runMigrationsLocked(app.get(DataSource));
  }, 20 * 60_000);

  afterAll(() => app?.close());

  it('keeps an enqueued job across a worker restart and runs it after', async () => {
    const providerId = randomUUID();
    const queue = app.get(JobQueue);
    await queue.enqueue(
      'add-ons.enable',
      { providerId, code: 'online_payments', actorId: 'scheduler' },
      {
        startAfter: 2,
      },
    );
    await app.close(); // the job is due only after this worker has gone

    app = await bootWorker(flaky);
    const queries = app.get(AddOnQueries);
    const addOn = await eventually('the add-on enabled by the job', async () => {
      const result = await queries.get(providerId, 'online_payments');
      return result.ok && result.value.enabled ? result.value : undefined;
    });
    expect(addOn.changedBy).toBe('scheduler');
  }, 60_000);

  it('enqueues atomically with a transaction: a rollback leaves no job', async () => {
    const db = app.get(DataSource);
    const queue = app.get(JobQueue);
    const providerId = randomUUID();
    await expect(
      db.transaction(async (tx) => {
        await queue.enqueue('add-ons.enable', { providerId, code: 'smart_pricing', actorId: 'tx' }, { tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const jobs = await db.query(
      `SELECT id FROM pgboss.job WHERE name = 'add-ons.enable' AND data->>'providerId' = $1`,
      [providerId],
    );
    expect(jobs).toEqual([]);
  });

  it('retries a failed job and completes it', async () => {
    const key = randomUUID();
    const id = await app.get(JobQueue).enqueue('test.flaky', { key });
    const job = await eventually('the flaky job to complete', async () => {
      const found = await app.get(JobQueue).boss.getJobById('test.flaky', id);
      return found?.state === 'completed' ? found : undefined;
    });
    expect(flaky.attempts.get(key)).toBe(2);
    expect(job.retryCount).toBe(1);
  }, 60_000);

  it('prunes outbox rows past the retention', async () => {
    const db = app.get(DataSource);
    const key = `prune-${randomUUID()}`;
    await db.query(
      `INSERT INTO outbox_events (partition_key, event_type, topic_name, proto_payload, timestamp)
       SELECT $1, 'add_on_enabled', 'add-ons.add-on-events-v1', '\\x00', now() - interval '3 days' FROM generate_series(1, 50)`,
      [key],
    );
    await app.get(JobQueue).enqueue('outbox.prune', {});
    await eventually('old rows pruned', async () => {
      const [{ n }] = await db.query(
        'SELECT count(*)::int AS n FROM outbox_events WHERE partition_key = $1',
        [key],
      );
      return n === 0 ? true : undefined;
    });
  }, 60_000);

  it('prunes the consumers’ Postgres inbox past its retention', async () => {
    const db = app.get(DataSource);
    const group = `test.prune-${randomUUID()}`;
    await db.query(
      `INSERT INTO kafka_inbox (consumer_group, event_uuid, processed_at)
       SELECT $1, gen_random_uuid(), now() - interval '4 days' FROM generate_series(1, 20)
       UNION ALL SELECT $1, gen_random_uuid(), now()`,
      [group],
    );
    await app.get(JobQueue).enqueue('kafka-inbox.prune', {});
    await eventually('old inbox rows pruned', async () => {
      const [{ n }] = await db.query('SELECT count(*)::int AS n FROM kafka_inbox WHERE consumer_group = $1', [group]);
      return n === 1 ? true : undefined;
    });
  }, 60_000);
});
