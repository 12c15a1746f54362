import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HeartbeatsRegistry } from '@platform/heartbeats';
import { JOB_DEFINITIONS, type JobDefinition } from './job.definition';
import { JobQueue } from './job-queue';

/** Works every registered job's queue and keeps the cron schedules, from boot to shutdown. */
@Injectable()
export class JobRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobRunner');

  constructor(
    private readonly queue: JobQueue,
    @Inject(JOB_DEFINITIONS) private readonly definitions: JobDefinition[],
    private readonly heartbeats: HeartbeatsRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.queue.start();
    for (const job of this.definitions) {
      await boss.createQueue(job.name, {
        name: job.name,
        retryLimit: job.retryLimit,
        retryDelay: job.retryDelaySeconds,
        retryBackoff: true,
      });
      await boss.work<object>(job.name, { pollingIntervalSeconds: 0.5, batchSize: 1 }, async ([current]) => {
        await job.handle(current.data);
      });
      if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
      this.logger.log(
        `working ${job.name}${job.cron ? ` (cron ${job.cron})` : ''}, ${job.retryLimit} retries`,
      );
    }
    this.heartbeats.registerReadinessCheck('job-queue', async () => {
      await boss.getDb().executeSql('SELECT 1', []);
    });
  }
}
