import { Injectable, Inject, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { JsonLogger } from './logging/json-logger';
import { DogStatsdMetrics } from './metrics/dogstatsd-metrics';
import { METRICS, type Metrics } from './metrics/metrics';
import { MonitorModule } from './monitor.module';
import { LOGGER } from './monitor.options';

@Injectable()
class AddOnEventsConsumer {
  constructor(
    @Inject(LOGGER) readonly logger: LoggerService,
    @Inject(METRICS) readonly metrics: Metrics,
  ) {}
}

describe('MonitorModule', () => {
  it('provides the JSON logger and DogStatsD metrics to any module, and closes the socket on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [MonitorModule.forRoot({ service: 'my-service-events-consumers', metrics: { port: 65000 } })],
      providers: [AddOnEventsConsumer],
    }).compile();
    const consumer = moduleRef.get(AddOnEventsConsumer);
    expect(consumer.logger).toBeInstanceOf(JsonLogger);
    expect(consumer.metrics).toBeInstanceOf(DogStatsdMetrics);
    const close = jest.spyOn(consumer.metrics as DogStatsdMetrics, 'close');
    await moduleRef.close();
    expect(close).toHaveBeenCalled();
  });

  it('lets tests swap the metrics for a fake', async () => {
    const fake: Metrics = { increment: jest.fn(), histogram: jest.fn(), gauge: jest.fn() };
    const moduleRef = await Test.createTestingModule({
      imports: [MonitorModule.forRoot({ service: 'svc' })],
      providers: [AddOnEventsConsumer],
    })
      .overrideProvider(METRICS)
      .useValue(fake)
      .compile();
    moduleRef.get(AddOnEventsConsumer).metrics.increment('messages.handled');
    expect(fake.increment).toHaveBeenCalledWith('messages.handled');
    await moduleRef.close();
  });
});
