// Republishes a dead-letter topic to the topics its records came from, printing progress.
// usage: node -r ./tools/testing/register.js libs/platform/kafkaesque/src/cli/replay-dead-letters.ts \
//          <dead-letter topic without prefix> [--app <app name for config>]
// The connection and prefix come from @platform/config (APP_ENV, KAFKA_PREFIX; in prod
// KAFKA_BOOTSTRAP_BROKERS_TLS, KAFKA_SSL_CA_FILE, KAFKA_SASL_*: see its README).
import { describeKafkaError, loadConfig } from '@platform/config';
import { createKafkaClient } from '../lib/kafka-client';
import { withPrefix } from '../lib/topic-names';
import { replayDeadLetters, type ReplayProgress } from '../lib/tools/replay-dead-letters';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topic = args.find((a) => !a.startsWith('--'));
  const appIndex = args.indexOf('--app');
  const app = appIndex >= 0 ? args[appIndex + 1] : 'kafkaesque-replay';
  if (!topic) {
    process.stderr.write('usage: replay-dead-letters.ts <dead-letter topic without prefix> [--app <app>]\n');
    process.exitCode = 2;
    return;
  }
  const config = loadConfig(app);
  const deadLetterTopic = withPrefix(config.kafka.prefix, topic);
  const kafka = createKafkaClient({
    connection: config.kafka,
    clientId: 'kafkaesque-replay',
    logLevel: 'warn',
  });
  const print = (p: ReplayProgress) => {
    const last = p.last
      ? ` last: ${p.last.sourceTopic}[${p.last.sourcePartition ?? '?'}] <- offset ${p.last.offset} (${p.last.errorClass ?? '?'})`
      : '';
    process.stdout.write(
      `${deadLetterTopic}: replayed ${p.replayed}, skipped ${p.skipped} of ${p.total}${last}\n`,
    );
  };
  let shownAt = 0;
  let shown: ReplayProgress | undefined;
  const result = await replayDeadLetters({
    kafka,
    deadLetterTopic,
    onProgress: (p) => {
      const done = p.replayed + p.skipped;
      if (done === 0 || done === p.total || Date.now() - shownAt > 1_000) {
        shownAt = Date.now();
        shown = p;
        print(p);
      }
    },
  }).catch((error: unknown) => {
    throw new Error(describeKafkaError(config.kafka, error), { cause: error });
  });
  if (shown !== result) print(result);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
