import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidBootstrapFileError } from '../errors/invalid-bootstrap-file.error';
import { readBootstrapFile } from './read-bootstrap-file';

const dir = mkdtempSync(join(tmpdir(), 'flags-bootstrap-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

describe('readBootstrapFile', () => {
  it('reads Unleash client API JSON', () => {
    const path = file(
      'ok.json',
      JSON.stringify({ version: 2, features: [{ name: 'a', enabled: true, strategies: [] }] }),
    );
    expect(readBootstrapFile(path).features).toEqual([{ name: 'a', enabled: true, strategies: [] }]);
  });

  it('fails naming the file when it is missing or not JSON', () => {
    const missing = join(dir, 'missing.json');
    expect(() => readBootstrapFile(missing)).toThrow(
      new InvalidBootstrapFileError(missing, 'cannot be read (ENOENT)'),
    );
    expect(() => readBootstrapFile(file('broken.json', '{"features": ['))).toThrow(
      /broken\.json: is not JSON/,
    );
  });

  it('fails naming the entry and what is wrong with it', () => {
    expect(() => readBootstrapFile(file('no-features.json', '{"flags": []}'))).toThrow(
      /has no "features" array/,
    );
    const path = file(
      'bad-entry.json',
      JSON.stringify({
        features: [
          { name: 'ok', enabled: false, strategies: [] },
          { name: 'b', enabled: 'yes' },
        ],
      }),
    );
    expect(() => readBootstrapFile(path)).toThrow(
      `Feature flags bootstrap file ${path}: features[1] b: "enabled" must be true or false, ` +
        '"strategies" must be an array ([] = on for everyone when enabled)',
    );
  });
});

describe('the repo’s local bootstrap file', () => {
  it('is valid, has every kill switch off, and lists those of my-service-events-consumers', () => {
    const { features } = readBootstrapFile(
      join(__dirname, '../../../../../../config/feature-flags.local.json'),
    );
    const killSwitches = features.filter((f) => f.name.startsWith('kill-switch.'));
    expect(killSwitches.filter((f) => f.enabled)).toEqual([]);
    // Contained, not equal: `nx g @tools/starter:consumer` lists the switch of each group it adds.
    expect(killSwitches.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        'kill-switch.my_service.add_on_activity',
        'kill-switch.my_service.provider_events',
      ]),
    );
  });
});
