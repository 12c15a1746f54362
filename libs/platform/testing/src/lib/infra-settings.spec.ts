import { parseEnvFile } from './infra-settings';

describe('parseEnvFile', () => {
  it('reads plain, quoted and exported assignments and skips comments', () => {
    const text = [
      '# versions',
      'KAFKA_VERSION=4.1.1',
      'export POSTGRES_PORT=5432  # the default',
      'NAME="my service"',
      "SINGLE='a#b'",
      '',
      'not an assignment',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      KAFKA_VERSION: '4.1.1',
      POSTGRES_PORT: '5432',
      NAME: 'my service',
      SINGLE: 'a#b',
    });
  });
});
