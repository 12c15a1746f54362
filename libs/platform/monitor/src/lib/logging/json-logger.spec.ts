import { Logger } from '@nestjs/common';
import { JsonLogger } from './json-logger';
import { withLogFields } from './log-fields';

// Trace and span ids in log lines are asserted in trace-context.spec.ts, where a real tracer runs.
function capture(options: ConstructorParameters<typeof JsonLogger>[0] = {}) {
  const lines: string[] = [];
  const logger = new JsonLogger({ ...options, write: (line) => lines.push(line) });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with timestamp, level, message, context and service', () => {
    const { logger, lines, records } = capture({ service: 'my-service-web' });
    logger.log('listening', 'Bootstrap');
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(lines[0].trimEnd().includes('\n')).toBe(false);
    expect(records()[0]).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'info',
      message: 'listening',
      context: 'Bootstrap',
      service: 'my-service-web',
    });
  });

  it('takes what Nest passes to error(): an Error, or a message with stack and context', () => {
    const { logger, records } = capture();
    logger.error('consumer crashed', 'Error: boom\n    at x', 'KafkaConsumer');
    logger.error(new Error('decode failed'), 'Decoder');
    const [first, second] = records();
    expect(first).toMatchObject({
      level: 'error',
      message: 'consumer crashed',
      stack: 'Error: boom\n    at x',
      context: 'KafkaConsumer',
    });
    expect(second).toMatchObject({
      level: 'error',
      message: 'decode failed',
      context: 'Decoder',
      stack: expect.stringContaining('decode failed'),
    });
  });

  it('adds fields from objects passed with the message and from withLogFields, inner values winning', () => {
    const { logger, records } = capture();
    withLogFields({ group: 'dev.my-service', topic: 'dev.add-ons', partition: 1 }, () =>
      withLogFields({ partition: 3, offset: '17', event_uuid: 'e-1' }, () =>
        logger.warn('retrying', { attempt: 2 }, 'Retry'),
      ),
    );
    logger.log({ message: 'from an object', topic: 'x' });
    expect(records()[0]).toMatchObject({
      level: 'warn',
      message: 'retrying',
      context: 'Retry',
      group: 'dev.my-service',
      topic: 'dev.add-ons',
      partition: 3,
      offset: '17',
      event_uuid: 'e-1',
      attempt: 2,
    });
    expect(records()[1]).toMatchObject({ message: 'from an object', topic: 'x' });
    expect(records()[1]['group']).toBeUndefined();
  });

  it('keeps the fields through awaits inside withLogFields', async () => {
    const { logger, records } = capture();
    await withLogFields({ offset: '9' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.log('after await');
    });
    expect(records()[0]['offset']).toBe('9');
  });

  it('does not let extra fields overwrite the line’s own keys', () => {
    const { logger, records } = capture({ service: 'svc' });
    logger.log('real', { level: 'fake', message: 'fake', service: 'fake', dd: 'fake' });
    expect(records()[0]).toMatchObject({ level: 'info', message: 'real', service: 'svc' });
    expect(records()[0]['dd']).toBeUndefined();
  });

  it('never throws on values JSON cannot encode', () => {
    const { logger, records } = capture();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular['self'] = circular;
    expect(() => logger.log('odd values', { circular, big: 10n })).not.toThrow();
    expect(records()[0]).toMatchObject({ circular: { name: 'loop', self: '[Circular]' }, big: '10' });
  });

  it('writes only the enabled levels', () => {
    const { logger, records } = capture({ logLevels: ['error', 'warn', 'log'] });
    logger.debug('hidden');
    logger.verbose('hidden');
    logger.log('shown');
    logger.setLogLevels(['error']);
    logger.log('hidden now');
    logger.fatal('hidden too');
    logger.error('shown too');
    expect(records().map((r) => r['message'])).toEqual(['shown', 'shown too']);
  });

  it('works behind Nest’s Logger facade', () => {
    const { logger, records } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('OutboxWriter').log('row written', { event_type: 'add_on_enabled' });
    } finally {
      Logger.overrideLogger(true);
    }
    expect(records()[0]).toMatchObject({
      message: 'row written',
      context: 'OutboxWriter',
      event_type: 'add_on_enabled',
    });
  });
});
