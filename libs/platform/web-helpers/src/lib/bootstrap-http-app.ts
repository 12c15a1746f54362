import { Logger, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@platform/config';
import { LOGGER } from '@platform/monitor';

/**
 * Creates, starts and returns an app the same way in every entry point: shutdown hooks on
 * (SIGTERM drains consumers and closes pools), JSON logs with trace ids in production
 * (MonitorModule's logger; people read Nest's coloured lines in dev), listening on the
 * configured port on all interfaces, one log line saying where.
 */
export async function bootstrapHttpApp(module: Type<unknown>): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.enableShutdownHooks();
  const config = app.get<AppConfig>(APP_CONFIG);
  if (config.env === 'prod') app.useLogger(app.get(LOGGER));
  app.flushLogs();
  await app.listen(config.http.port, '0.0.0.0');
  new Logger('Bootstrap').log(`${config.app} (${config.env}) listening on ${await app.getUrl()}`);
  return app;
}

/** Entry-point form of {@link bootstrapHttpApp}: a failed boot prints why and exits non-zero. */
export function runHttpApp(module: Type<unknown>): void {
  bootstrapHttpApp(module).catch((error: unknown) => {
    new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  });
}
