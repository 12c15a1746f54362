import { Module } from '@nestjs/common';
import { AddOnsModule } from '@my-service/domain';
import { EnableAddOnJob } from './enable-add-on.job';
import { InboxPruneJob } from './inbox-prune.job';
import { JOB_DEFINITIONS } from './job.definition';
import { JobQueue } from './job-queue';
import { JobRunner } from './job-runner';
import { OutboxPruneJob } from './outbox-prune.job';

@Module({
  imports: [AddOnsModule],
  providers: [
    JobQueue,
    JobRunner,
    OutboxPruneJob,
    InboxPruneJob,
    EnableAddOnJob,
    {
      provide: JOB_DEFINITIONS,
      inject: [OutboxPruneJob, InboxPruneJob, EnableAddOnJob],
      useFactory: (...jobs: unknown[]) => jobs,
    },
  ],
  exports: [JobQueue],
})
export class JobsModule {}
