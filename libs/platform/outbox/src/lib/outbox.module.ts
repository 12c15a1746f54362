import { Module } from '@nestjs/common';
import { currentTraceContext } from '@platform/monitor';
import { OutboxWriter } from './outbox.writer';
import { TRACE_CONTEXT_SOURCE } from './trace-context.source';

/** Provides the OutboxWriter, stamping each row with the active Datadog trace (monitor lib). */
@Module({
  providers: [OutboxWriter, { provide: TRACE_CONTEXT_SOURCE, useValue: { current: currentTraceContext } }],
  exports: [OutboxWriter],
})
export class OutboxModule {}
