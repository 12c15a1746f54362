import { LOCAL_CONNECT_DATABASE_PASSWORD } from './connect-secret-reference';
import type { AppConfig } from './app-config';

/**
 * Defaults for local development (the seed's `config/dev.exs`). They match the ports in
 * `infra/local/infra.env` and docker-compose.yml; a test keeps the three in agreement.
 */
export const DEV_HTTP_PORTS: Readonly<Record<string, number>> = {
  'my-service': 3000,
  'my-service-web': 3001,
  'my-service-graphql': 3002,
  'my-service-rpc': 3003,
  'my-service-events-consumers': 3004,
  'my-service-worker': 3005,
};

export function devConfig(app: string): AppConfig {
  return {
    env: 'dev',
    app,
    http: { port: DEV_HTTP_PORTS[app] ?? 3000 },
    database: {
      host: '127.0.0.1',
      port: 5432,
      username: 'postgres',
      password: 'postgres',
      database: 'my_service_dev',
    },
    redis: { host: '127.0.0.1', port: 6379 },
    kafka: {
      prefix: 'dev',
      brokers: ['127.0.0.1:9092'],
      connectUrl: 'http://127.0.0.1:8083',
      connectDatabaseHost: '127.0.0.1',
      connectDatabasePassword: LOCAL_CONNECT_DATABASE_PASSWORD,
      consumeEvents: true,
    },
  };
}
