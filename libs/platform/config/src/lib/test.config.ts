import type { AppConfig } from './app-config';
import { devConfig } from './dev.config';

/** Tests share the local infrastructure but not its data: their own database and Kafka prefix. */
export function testConfig(app: string): AppConfig {
  const dev = devConfig(app);
  return {
    ...dev,
    env: 'test',
    // Port 0: tests boot apps side by side, each on a free port.
    http: { port: 0 },
    database: { ...dev.database, database: 'my_service_test' },
    kafka: { ...dev.kafka, prefix: 'test' },
  };
}
