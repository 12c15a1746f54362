import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientFeaturesResponse } from 'unleash-client';

/** Writes `features` as a bootstrap file in a fresh temp dir and returns its path. */
export function writeBootstrapFile(features: ClientFeaturesResponse['features']): string {
  const path = join(mkdtempSync(join(tmpdir(), 'feature-flags-')), 'flags.json');
  writeFileSync(path, JSON.stringify({ version: 2, features }));
  return path;
}
