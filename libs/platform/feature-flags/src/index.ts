export * from './lib/feature-flags.module';
export * from './lib/feature-flags.options';
export * from './lib/feature-flags.service';
export * from './lib/unleash-client';
export * from './lib/start-unleash';
export * from './lib/bootstrap/read-bootstrap-file';
export * from './lib/errors/invalid-bootstrap-file.error';

// Kill switches for @platform/kafkaesque consumer groups
export * from './lib/kafkaesque/consumer-kill-switch';
export * from './lib/kafkaesque/consumer-kill-switch.module';
export * from './lib/kafkaesque/kill-switch-flag-name';

// Testing (no dependency on @nestjs/testing: safe to load in production)
export * from './lib/testing/in-memory-flags';
