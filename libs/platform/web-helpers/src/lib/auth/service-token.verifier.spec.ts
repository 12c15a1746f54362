import { InvalidAuthConfigError } from './invalid-auth-config.error';
import { ServiceTokenVerifier } from './service-token.verifier';

const CURRENT = 'current-service-token-0123456789abcdef';
const NEXT = 'next-service-token-0123456789abcdef012345';

describe('ServiceTokenVerifier', () => {
  it('accepts every configured token (rotation) and nothing else', () => {
    const verifier = new ServiceTokenVerifier([CURRENT, NEXT]);
    expect([CURRENT, NEXT].map((t) => verifier.matches(t))).toEqual([true, true]);
    expect(
      ['', CURRENT.slice(0, -1), `${CURRENT}x`, CURRENT.toUpperCase()].map((t) => verifier.matches(t)),
    ).toEqual([false, false, false, false]);
  });

  it('refuses to start without a token or with a short one', () => {
    expect(() => new ServiceTokenVerifier([])).toThrow(InvalidAuthConfigError);
    expect(() => new ServiceTokenVerifier([CURRENT, 'short'])).toThrow(
      /service token #2 must be at least 32 characters/,
    );
  });
});
