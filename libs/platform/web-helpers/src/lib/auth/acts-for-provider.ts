import { forbidden } from '../errors/graphql-errors';
import type { UserCaller } from './caller';

/** A user acts only for the provider named in their token; anything else is FORBIDDEN. */
export function assertActsForProvider(user: UserCaller, providerId: string): void {
  if (user.providerId !== providerId) {
    throw forbidden(`You act for provider ${user.providerId}, not for provider ${providerId}`);
  }
}
