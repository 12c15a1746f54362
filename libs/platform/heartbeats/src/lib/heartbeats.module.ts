import { DynamicModule, Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HeartbeatsRegistry } from './heartbeats.registry';
import { HEARTBEATS_OPTIONS, type HeartbeatsOptions } from './heartbeats.options';

/** Global so that any module can inject the registry and register its own checks. */
@Global()
@Module({})
export class HeartbeatsModule {
  static forRoot(options: HeartbeatsOptions = {}): DynamicModule {
    return {
      module: HeartbeatsModule,
      controllers: [HealthController],
      providers: [{ provide: HEARTBEATS_OPTIONS, useValue: options }, HeartbeatsRegistry],
      exports: [HeartbeatsRegistry],
    };
  }
}
