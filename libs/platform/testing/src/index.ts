export * from './lib/ensure-infra';
export * from './lib/infra-settings';
export * from './lib/workspace-root';
export * from './lib/boot-test-app';
export * from './lib/describe-app-health';
export * from './lib/kafka-topic-reader';
export * from './lib/eventually';
export * from './lib/delete-kafka-run';
