// Kept free of instrumented libraries (http clients, database drivers, kafkajs): apps import
// this barrel to call initTracing() before those load. A test guards it. It knows no consumer
// framework: kafkaesque's tracing and metrics live in kafkaesque, on top of this lib.
export * from './lib/diagnostics/subscribe-to-channel';
export * from './lib/logging/json-logger';
export * from './lib/logging/log-fields';
export * from './lib/metrics/dogstatsd-metrics';
export * from './lib/metrics/metrics';
export * from './lib/monitor-env';
export * from './lib/monitor.module';
export * from './lib/monitor.options';
export * from './lib/tracing/init-tracing';
export * from './lib/tracing/log-correlation';
export * from './lib/tracing/trace-context';
