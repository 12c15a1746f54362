import { domainErrorToGraphql, valueOrThrow, type DomainErrorMap } from './domain-error.mapping';

type ThingErrorCode = 'THING_NOT_FOUND' | 'THING_TAKEN' | 'INVALID_INPUT' | 'NOT_YOURS';
class ThingError extends Error {
  constructor(
    readonly code: ThingErrorCode,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}
const MAP: DomainErrorMap<ThingError> = {
  THING_NOT_FOUND: 'NOT_FOUND',
  THING_TAKEN: 'CONFLICT',
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_YOURS: 'FORBIDDEN',
};

describe('domainErrorToGraphql', () => {
  it('maps each domain code to its kind, keeping the domain code as the reason', () => {
    const shapes = (['THING_NOT_FOUND', 'THING_TAKEN', 'NOT_YOURS'] as const).map((code) => {
      const e = domainErrorToGraphql(new ThingError(code, `msg ${code}`), MAP);
      return [e.message, e.extensions];
    });
    expect(shapes).toEqual([
      ['msg THING_NOT_FOUND', { code: 'NOT_FOUND', reason: 'THING_NOT_FOUND' }],
      ['msg THING_TAKEN', { code: 'CONFLICT', reason: 'THING_TAKEN' }],
      ['msg NOT_YOURS', { code: 'FORBIDDEN' }],
    ]);
  });

  it('puts one message per field into extensions.fields for invalid input', () => {
    const e = domainErrorToGraphql(
      new ThingError('INVALID_INPUT', 'bad', { name: 'must not be empty', size: 'too big' }),
      MAP,
    );
    expect([e.message, e.extensions]).toEqual([
      'Invalid input: name: must not be empty; size: too big',
      {
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_INPUT',
        fields: { name: 'must not be empty', size: 'too big' },
      },
    ]);
  });

  it('refuses an unmapped code loudly instead of guessing', () => {
    expect(() => domainErrorToGraphql(new ThingError('NEW_CODE' as ThingErrorCode, 'x'), MAP)).toThrow(
      'No GraphQL mapping for domain error code "NEW_CODE"',
    );
  });
});

describe('valueOrThrow', () => {
  it('returns the value of a success and throws the mapped error of a failure', () => {
    expect(valueOrThrow({ ok: true, value: 7 }, MAP)).toBe(7);
    expect(() => valueOrThrow({ ok: false, error: new ThingError('THING_TAKEN', 'taken') }, MAP)).toThrow(
      'taken',
    );
  });
});
