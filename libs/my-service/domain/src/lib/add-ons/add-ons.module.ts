import { Module } from '@nestjs/common';
import { OutboxModule } from '@platform/outbox';
import { RecordAddOnActivityCommand } from '../add-on-activity/record-add-on-activity.command';
import { DisableAddOnCommand } from './commands/disable-add-on.command';
import { EnableAddOnCommand } from './commands/enable-add-on.command';
import { AddOnQueries } from './queries/add-on.queries';

/** The add-ons domain for the apps: commands (each emitting its event through the outbox) and queries. */
@Module({
  imports: [OutboxModule],
  providers: [EnableAddOnCommand, DisableAddOnCommand, AddOnQueries, RecordAddOnActivityCommand],
  exports: [EnableAddOnCommand, DisableAddOnCommand, AddOnQueries, RecordAddOnActivityCommand],
})
export class AddOnsModule {}
