import { AddOnError } from './add-on.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[a-z][a-z0-9_]{1,63}$/;

/** Each check returns what is wrong with a value, or undefined when it is fine. */
export const checkProviderId = (value: string): string | undefined =>
  UUID.test(value ?? '') ? undefined : 'must be a UUID';

export const checkCode = (value: string): string | undefined =>
  CODE.test(value ?? '')
    ? undefined
    : 'must be 2-64 characters: lower-case letters, digits, underscores, starting with a letter';

export const checkNotEmpty = (value: string): string | undefined =>
  value?.trim() ? undefined : 'must not be empty';

/** Collects every field's problem into one INVALID_INPUT error, so callers fix all at once. */
export function invalidFields(problems: Record<string, string | undefined>): AddOnError | undefined {
  const fields = Object.fromEntries(
    Object.entries(problems).filter((entry): entry is [string, string] => !!entry[1]),
  );
  return Object.keys(fields).length > 0 ? AddOnError.invalidInput(fields) : undefined;
}
