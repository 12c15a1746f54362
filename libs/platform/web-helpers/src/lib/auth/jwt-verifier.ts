import type { CryptoKey } from 'jose';
import type { UserCaller } from './caller';
import { InvalidAuthConfigError } from './invalid-auth-config.error';
import { InvalidTokenError } from './invalid-token.error';

export type JwtAlgorithm = 'HS256' | 'RS256';
export const JWT_ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'RS256'];

/** How user tokens are verified. Only the one configured algorithm is accepted (no `alg` confusion). */
export interface JwtVerificationOptions {
  algorithm: JwtAlgorithm;
  /** HS256: the shared secret, at least 32 bytes. RS256: the public key as PEM (`-----BEGIN PUBLIC KEY-----`). */
  key: string;
  /** When set, the `iss` claim must equal it. */
  issuer?: string;
  /** When set, the `aud` claim must contain it. */
  audience?: string;
  /** Allowed clock skew for `exp`/`nbf`; default 5 seconds. */
  clockToleranceSeconds?: number;
}

const MIN_HS256_SECRET_BYTES = 32;

type Jose = typeof import('jose');
let joseModule: Promise<Jose> | undefined;
/**
 * jose 6 is published as ES modules only. Loading it on first use keeps this lib importable
 * from CommonJS test runs that never verify a token (a Jest project that does needs jose in
 * its `transformIgnorePatterns` exception); Node >= 20.19 loads it natively at run time.
 */
const loadJose = (): Promise<Jose> => (joseModule ??= import('jose'));

/** Verifies user JWTs and reads the caller from them: `sub` (user id) and `provider_id`. Tokens must expire (`exp`). */
export class JwtVerifier {
  private constructor(
    private readonly jose: Jose,
    private readonly options: JwtVerificationOptions,
    private readonly key: CryptoKey | Uint8Array,
  ) {}

  /** Imports the key up front, so that a bad key stops the app at boot rather than failing every request. */
  static async create(options: JwtVerificationOptions): Promise<JwtVerifier> {
    const jose = await loadJose();
    return new JwtVerifier(jose, options, await importKey(jose, options));
  }

  async verify(token: string): Promise<UserCaller> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await this.jose.jwtVerify(token, this.key, {
        algorithms: [this.options.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new InvalidTokenError(describeJoseError(this.jose, error));
    }
    const { sub, provider_id: providerId } = payload;
    if (typeof sub !== 'string' || sub.trim() === '')
      throw new InvalidTokenError('claim "sub" must be a non-empty string');
    if (typeof providerId !== 'string' || providerId.trim() === '') {
      throw new InvalidTokenError('claim "provider_id" must be a non-empty string');
    }
    return { kind: 'user', userId: sub, providerId };
  }
}

async function importKey(jose: Jose, options: JwtVerificationOptions): Promise<CryptoKey | Uint8Array> {
  if (!JWT_ALGORITHMS.includes(options.algorithm)) {
    throw new InvalidAuthConfigError(
      `JWT algorithm must be one of ${JWT_ALGORITHMS.join(', ')}, got "${options.algorithm}"`,
    );
  }
  if (options.algorithm === 'HS256') {
    const secret = new TextEncoder().encode(options.key ?? '');
    if (secret.byteLength < MIN_HS256_SECRET_BYTES) {
      throw new InvalidAuthConfigError(`an HS256 secret must be at least ${MIN_HS256_SECRET_BYTES} bytes`);
    }
    return secret;
  }
  try {
    return await jose.importSPKI(options.key, 'RS256');
  } catch (error) {
    throw new InvalidAuthConfigError(
      `RS256 needs a PEM public key (SPKI): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A short reason that is safe to return to the client: no token contents, no key details. */
function describeJoseError({ errors }: Jose, error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim "${error.claim}" ${error.reason === 'missing' ? 'missing' : 'invalid'}`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  return 'malformed token';
}
