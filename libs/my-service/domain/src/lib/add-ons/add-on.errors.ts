/** Stable codes: APIs map them to GraphQL error codes and gRPC statuses, clients may rely on them. */
export type AddOnErrorCode =
  'ADD_ON_NOT_FOUND' | 'ADD_ON_ALREADY_ENABLED' | 'ADD_ON_ALREADY_DISABLED' | 'INVALID_INPUT';

/** An expected failure of an add-on command or query: returned as a result, never thrown to the caller. */
export class AddOnError extends Error {
  constructor(
    readonly code: AddOnErrorCode,
    message: string,
    /** For INVALID_INPUT: field name -> what is wrong with it. */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AddOnError';
  }

  static notFound(providerId: string, code: string): AddOnError {
    return new AddOnError('ADD_ON_NOT_FOUND', `Add-on "${code}" not found for provider ${providerId}`);
  }

  static alreadyEnabled(providerId: string, code: string): AddOnError {
    return new AddOnError(
      'ADD_ON_ALREADY_ENABLED',
      `Add-on "${code}" is already enabled for provider ${providerId}`,
    );
  }

  static alreadyDisabled(providerId: string, code: string): AddOnError {
    return new AddOnError(
      'ADD_ON_ALREADY_DISABLED',
      `Add-on "${code}" is already disabled for provider ${providerId}`,
    );
  }

  static invalidInput(fields: Record<string, string>): AddOnError {
    const detail = Object.entries(fields)
      .map(([field, problem]) => `${field}: ${problem}`)
      .join('; ');
    return new AddOnError('INVALID_INPUT', `Invalid input: ${detail}`, fields);
  }
}
