import { readFileSync } from 'node:fs';

/**
 * Checks at boot that the CA file a variable names can be read and holds a PEM certificate, so
 * that a wrong path fails there, naming the variable, rather than at the first connection.
 */
export function checkCaFile(variable: string, path: string, problems: string[]): void {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    problems.push(`${variable} names a file that cannot be read: "${path}" (${code})`);
    return;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`${variable} names a file with no PEM certificate in it: "${path}"`);
  }
}

/** The PEM text of a CA file, for a client's `ca` option. */
export function readCaFile(path: string): string {
  return readFileSync(path, 'utf8');
}
