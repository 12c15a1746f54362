import { Logger } from '@nestjs/common';
import { InMemStorageProvider, Unleash, type ClientFeaturesResponse } from 'unleash-client';
import { readBootstrapFile } from './bootstrap/read-bootstrap-file';
import type { FeatureFlagsModuleOptions } from './feature-flags.options';
import { UnleashConnectionLog } from './unleash-connection-log';

const DEFAULT_START_TIMEOUT_MS = 5_000;

/**
 * Builds unleash-client's `Unleash` from the options and waits (bounded) until its flags have
 * values: the server's first answer, or the bootstrap file's when the server does not answer.
 * Unleash being down never fails the boot; an unusable bootstrap file does.
 */
export async function startUnleash(
  options: FeatureFlagsModuleOptions,
  logger = new Logger('FeatureFlags'),
): Promise<Unleash> {
  const bootstrap: ClientFeaturesResponse | undefined = options.bootstrapFile
    ? readBootstrapFile(options.bootstrapFile)
    : undefined;
  const unleash = new Unleash({
    url: options.url,
    appName: options.appName,
    customHeaders: { Authorization: options.apiToken },
    refreshInterval: options.refreshIntervalMs,
    bootstrap: bootstrap ? { data: bootstrap.features, segments: bootstrap.segments } : undefined,
    // No backup file (unleash-client's default, in the OS temp dir): it would carry one run's
    // flags into the next one, dev and test runs alike, and a container restart loses it
    // anyway. While the process runs, the last values fetched stay in memory.
    storageProvider: new InMemStorageProvider(),
    disableAutoStart: true,
  });
  const connection = new UnleashConnectionLog(unleash, options.url, logger);
  let hasFlags = false;
  // Not events.once(): it rejects on the first `error` event, and a down or refusing Unleash
  // must not fail the boot.
  const ready = new Promise<void>((resolve) => unleash.once('ready', resolve)).then(() => (hasFlags = true));
  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  // start() resolves after the first fetch has been answered or has failed (unleash-client
  // retries a refused connection twice, ~3 s), and after the bootstrap file's load.
  await Promise.race([Promise.all([unleash.start(), ready]), timedOut]);
  clearTimeout(timer);
  connection.started();
  if (hasFlags) {
    logger.log(
      `Feature flags of ${options.appName} from ${options.url}, refreshed every ${options.refreshIntervalMs} ms`,
    );
  } else {
    logger.warn(
      `Unleash at ${options.url} gave no flags within ${timeoutMs} ms and ` +
        (bootstrap ? 'the bootstrap file has none' : 'there is no bootstrap file') +
        ': every flag is off until it answers',
    );
  }
  return unleash;
}
