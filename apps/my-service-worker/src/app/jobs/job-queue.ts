import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { jobQueueOptions } from '@my-service/domain';
import PgBoss from 'pg-boss';
import type { EntityManager } from 'typeorm';

/**
 * The job queue: pg-boss on the service's own Postgres, so that a job can be enqueued in the
 * same transaction as the domain change that asks for it (the counterpart of Oban), and jobs
 * survive restarts. The worker app works the queues; any app may enqueue.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  readonly boss: PgBoss;
  private readonly logger = new Logger('JobQueue');
  private started?: Promise<PgBoss>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.boss = new PgBoss({ ...jobQueueOptions(config), max: 4 });
    this.boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`));
  }

  /**
   * Starts maintenance; in dev and test it also installs pg-boss's schema on first use (in
   * production `nx run my-service:migrate` has, and a missing schema fails the start).
   */
  start(): Promise<PgBoss> {
    this.started ??= this.boss.start();
    return this.started;
  }

  /**
   * Enqueues a job. Pass the transaction's EntityManager to enqueue atomically with the
   * domain change: the job exists if and only if the transaction commits.
   */
  async enqueue<T extends object>(
    name: string,
    data: T,
    options: { tx?: EntityManager; startAfter?: Date | number } = {},
  ): Promise<string> {
    await this.start();
    const db = options.tx ? transactionDb(options.tx) : undefined;
    const id = await this.boss.send(name, data, { startAfter: options.startAfter, ...(db ? { db } : {}) });
    if (!id) throw new Error(`pg-boss did not enqueue a job on ${name}`);
    return id;
  }

  async onApplicationShutdown(): Promise<void> {
    // Graceful: active jobs finish (bounded); unfinished ones are picked up again after their
    // expiry, so nothing is lost either way.
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

function transactionDb(tx: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const rows = await tx.query(text, values);
      return { rows: Array.isArray(rows) ? rows : [] };
    },
  };
}
