import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidAuthConfigError } from './invalid-auth-config.error';

const MIN_TOKEN_LENGTH = 32;

/**
 * Checks service tokens in constant time. Several tokens may be valid at once, so a token can be
 * rotated without downtime (add the new one, move callers, drop the old one).
 */
export class ServiceTokenVerifier {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    if (tokens.length === 0) throw new InvalidAuthConfigError('at least one service token is required');
    for (const [i, token] of tokens.entries()) {
      if ((token ?? '').length < MIN_TOKEN_LENGTH) {
        throw new InvalidAuthConfigError(
          `service token #${i + 1} must be at least ${MIN_TOKEN_LENGTH} characters`,
        );
      }
    }
    this.digests = tokens.map(digest);
  }

  matches(token: string): boolean {
    // Comparing fixed-size digests hides the tokens' lengths, and every configured token is
    // compared (no early exit), so timing says nothing about which one, or how much, matched.
    const candidate = digest(token);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(candidate, known) || matched;
    return matched;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
