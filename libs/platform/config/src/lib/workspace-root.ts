import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidConfigError } from './invalid-config.error';

/**
 * The monorepo checkout that dev and test run from (the nearest folder above this file holding
 * nx.json), for local files the dev and test defaults point at.
 */
export function workspaceRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new InvalidConfigError([`no nx.json above ${from}: not running from the monorepo`]);
    dir = parent;
  }
  return dir;
}
