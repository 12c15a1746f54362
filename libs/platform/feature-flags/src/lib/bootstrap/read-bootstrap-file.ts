import { readFileSync } from 'node:fs';
import type { ClientFeaturesResponse } from 'unleash-client';
import { InvalidBootstrapFileError } from '../errors/invalid-bootstrap-file.error';

/**
 * Reads a bootstrap file: the format of Unleash's client API (`GET /api/client/features`),
 * `{ "version": 2, "features": [{ "name", "enabled", "strategies": [] }, ...] }`, so a
 * server's answer can be saved as one. Read here rather than by unleash-client (`bootstrap:
 * { filePath }`), which only warns about a missing or broken file: a file that is configured
 * but unusable is a configuration error, and fails the boot naming the file and the problem.
 */
export function readBootstrapFile(path: string): ClientFeaturesResponse {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InvalidBootstrapFileError(
      path,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidBootstrapFileError(path, `is not JSON (${(error as Error).message})`);
  }
  const features = (parsed as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) throw new InvalidBootstrapFileError(path, 'has no "features" array');
  features.forEach((feature: Record<string, unknown> | null, index) => {
    const problems = [
      typeof feature?.name === 'string' && feature.name ? '' : '"name" must be a non-empty string',
      typeof feature?.enabled === 'boolean' ? '' : '"enabled" must be true or false',
      Array.isArray(feature?.strategies)
        ? ''
        : '"strategies" must be an array ([] = on for everyone when enabled)',
    ].filter(Boolean);
    if (problems.length > 0) {
      throw new InvalidBootstrapFileError(
        path,
        `features[${index}] ${String(feature?.name ?? '')}: ${problems.join(', ')}`,
      );
    }
  });
  return parsed as ClientFeaturesResponse;
}
