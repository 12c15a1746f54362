import type { CheckKind } from './health-check';

export class DuplicateCheckError extends Error {
  constructor(kind: CheckKind, name: string) {
    super(`A ${kind} check named "${name}" is already registered; check names must be unique per kind`);
    this.name = 'DuplicateCheckError';
  }
}
