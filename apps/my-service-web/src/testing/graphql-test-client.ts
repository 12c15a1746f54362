import { SignJWT } from 'jose';
import { LOCAL_JWT_SECRET } from '../app/public-api.config';

export { providerState } from '@my-service/domain';
export { graphqlErrorShape as errorShape, postGraphql, type GraphqlResponse } from '@platform/testing';

/** A user token as the auth service would issue it, signed with the dev/test secret unless told otherwise. */
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
