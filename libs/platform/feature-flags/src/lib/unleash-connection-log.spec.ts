import type { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { UnleashConnectionLog } from './unleash-connection-log';

function recordingLogger() {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return {
    lines,
    logger: { log: record('log'), warn: record('warn'), error: record('error') } as unknown as Logger,
  };
}

describe('UnleashConnectionLog', () => {
  it('logs an outage once, not once per refresh, and the recovery once', () => {
    const unleash = new EventEmitter();
    const { lines, logger } = recordingLogger();
    const log = new UnleashConnectionLog(unleash, 'http://u/api', logger);
    unleash.emit('changed'); // the bootstrap file, while starting: not an answer
    unleash.emit('error', new Error('connect ECONNREFUSED'));
    log.started();
    unleash.emit('error', new Error('connect ECONNREFUSED'));
    unleash.emit('error', new Error('connect ECONNREFUSED'));
    unleash.emit('unchanged');
    unleash.emit('changed');
    unleash.emit('error', new Error('socket hang up'));
    expect(lines).toEqual([
      "warn Unleash at http://u/api does not answer, flags keep their last known values (the bootstrap file's if it never answered): connect ECONNREFUSED",
      'log Unleash at http://u/api answers again',
      "warn Unleash at http://u/api does not answer, flags keep their last known values (the bootstrap file's if it never answered): socket hang up",
    ]);
  });

  it('reports a rejected token as an error, and each distinct warning once', () => {
    const unleash = new EventEmitter();
    const { lines, logger } = recordingLogger();
    new UnleashConnectionLog(unleash, 'http://u/api', logger);
    unleash.emit(
      'error',
      new Error(
        'http://u/api/client/features responded 401 which means your API key is not allowed to connect.',
      ),
    );
    unleash.emit('warn', 'Unleash has not been initialized yet');
    unleash.emit('warn', 'Unleash has not been initialized yet');
    expect(lines).toEqual([
      'error Unleash at http://u/api rejects the API token, flags stay as they are until a restart: http://u/api/client/features responded 401 which means your API key is not allowed to connect.',
      'warn unleash-client: Unleash has not been initialized yet',
    ]);
  });
});
