// `@platform/monitor/testing`: what a test needs to see an app's spans. dd-trace is a no-op in
// Jest workers, so the app runs in a child process and the test plays the Datadog agent.
// Test code only: unlike the lib's barrel, this one loads node:http.
export * from './fake-datadog-agent';
export * from './run-fixture';
export * from './trace-tree';
export * from './traced-process';
