import { SignJWT } from 'jose';
import { LOCAL_JWT_SECRET } from './public-api.config';

/**
 * A user token as the auth service would issue it (`sub` the user, `provider_id` the provider
 * they act for), signed with the dev/test secret unless told otherwise. For tests and for
 * `npm run dev-tokens`; production verifies tokens it did not sign.
 */
export function signUserToken(
  claims: { userId: string; providerId: string },
  options: { secret?: string; expiresAt?: number | string } = {},
): Promise<string> {
  return new SignJWT({ provider_id: claims.providerId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '5m')
    .sign(new TextEncoder().encode(options.secret ?? LOCAL_JWT_SECRET));
}
