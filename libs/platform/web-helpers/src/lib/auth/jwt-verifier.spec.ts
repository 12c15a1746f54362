import { exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { InvalidAuthConfigError } from './invalid-auth-config.error';
import { InvalidTokenError } from './invalid-token.error';
import { JwtVerifier } from './jwt-verifier';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const secretKey = new TextEncoder().encode(SECRET);
const claims = { sub: 'user-1', provider_id: 'provider-1' };

function hs256(
  payload: JWTPayload,
  { expiresIn = '5m', key = secretKey }: { expiresIn?: string | number; key?: Uint8Array } = {},
) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}

async function rejection(verifier: JwtVerifier, token: string): Promise<string> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
}

describe('JwtVerifier', () => {
  describe('HS256', () => {
    let verifier: JwtVerifier;
    beforeAll(async () => {
      verifier = await JwtVerifier.create({
        algorithm: 'HS256',
        key: SECRET,
        issuer: 'auth',
        audience: 'my-service',
      });
    });
    const good = (extra: JWTPayload = {}) => hs256({ ...claims, iss: 'auth', aud: 'my-service', ...extra });

    it('reads the user and provider from sub and provider_id', async () => {
      expect(await verifier.verify(await good())).toEqual({
        kind: 'user',
        userId: 'user-1',
        providerId: 'provider-1',
      });
    });

    it('refuses expired tokens, tokens without exp, and tokens signed with another secret', async () => {
      expect(
        await rejection(
          verifier,
          await hs256(
            { ...claims, iss: 'auth', aud: 'my-service' },
            { expiresIn: Math.floor(Date.now() / 1000) - 60 },
          ),
        ),
      ).toBe('token expired');
      const noExp = await new SignJWT({ ...claims, iss: 'auth', aud: 'my-service' })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(secretKey);
      expect(await rejection(verifier, noExp)).toBe('claim "exp" missing');
      const other = await hs256(
        { ...claims, iss: 'auth', aud: 'my-service' },
        { key: new TextEncoder().encode('x'.repeat(40)) },
      );
      expect(await rejection(verifier, other)).toBe('signature verification failed');
    });

    it('refuses a wrong issuer or audience, and missing identity claims', async () => {
      expect(await rejection(verifier, await good({ iss: 'someone-else' }))).toBe('claim "iss" invalid');
      expect(await rejection(verifier, await good({ aud: 'other-service' }))).toBe('claim "aud" invalid');
      expect(await rejection(verifier, await good({ provider_id: undefined }))).toBe(
        'claim "provider_id" must be a non-empty string',
      );
      expect(await rejection(verifier, await good({ provider_id: 42 }))).toBe(
        'claim "provider_id" must be a non-empty string',
      );
    });

    it('refuses unsigned tokens, other algorithms and garbage', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(
        JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 60 }),
      ).toString('base64url');
      expect(await rejection(verifier, `${header}.${body}.`)).toBe('algorithm not allowed');
      const hs512 = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'HS512' })
        .setExpirationTime('5m')
        .sign(secretKey);
      expect(await rejection(verifier, hs512)).toBe('algorithm not allowed');
      expect(await rejection(verifier, 'not-a-jwt')).toBe('malformed token');
    });
  });

  describe('RS256', () => {
    it('verifies against a PEM public key and refuses HS256 tokens signed with that PEM as secret', async () => {
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      const pem = await exportSPKI(publicKey);
      const verifier = await JwtVerifier.create({ algorithm: 'RS256', key: pem });
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256' })
        .setExpirationTime('5m')
        .sign(privateKey);
      expect(await verifier.verify(token)).toEqual({
        kind: 'user',
        userId: 'user-1',
        providerId: 'provider-1',
      });
      // The classic confusion attack: the public key used as an HMAC secret.
      const confused = await hs256(claims, { key: new TextEncoder().encode(pem) });
      expect(await rejection(verifier, confused)).toBe('algorithm not allowed');
    });
  });

  it('fails at creation on a weak secret, a bad PEM or an unknown algorithm', async () => {
    await expect(JwtVerifier.create({ algorithm: 'HS256', key: 'short' })).rejects.toBeInstanceOf(
      InvalidAuthConfigError,
    );
    await expect(JwtVerifier.create({ algorithm: 'RS256', key: 'not a pem' })).rejects.toBeInstanceOf(
      InvalidAuthConfigError,
    );
    await expect(JwtVerifier.create({ algorithm: 'none' as never, key: SECRET })).rejects.toThrow(
      /algorithm must be one of HS256, RS256/,
    );
  });
});
