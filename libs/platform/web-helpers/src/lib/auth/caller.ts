import type { Request } from 'express';

/** Identity headers that internal calls carry, as the seed's `add_missing_auth_headers_plug` sets them. */
export const USER_ID_HEADER = 'x-user-id';
export const PROVIDER_ID_HEADER = 'x-provider-id';

/** A person, established by a verified bearer JWT: `sub` is the user, `provider_id` the provider they act for. */
export interface UserCaller {
  kind: 'user';
  userId: string;
  providerId: string;
}

/**
 * Another service (or a back-office tool), established by a service token. The identity
 * headers it forwards are kept, because only an authenticated service may set them.
 */
export interface ServiceCaller {
  kind: 'service';
  forwardedUserId?: string;
  forwardedProviderId?: string;
}

export type Caller = UserCaller | ServiceCaller;

/** What the auth middleware concluded about a request; the guard turns anything but `authenticated` into UNAUTHENTICATED. */
export type AuthState =
  | { status: 'authenticated'; caller: Caller }
  | { status: 'anonymous' }
  | { status: 'rejected'; reason: string };

// A symbol rather than a global `Express.Request` augmentation: nothing outside this lib can set it by accident.
const AUTH_STATE = Symbol('web-helpers.auth-state');
type WithAuthState = Request & { [AUTH_STATE]?: AuthState };

export function setAuthState(req: Request, state: AuthState): void {
  (req as WithAuthState)[AUTH_STATE] = state;
}

/** Undefined when no auth middleware ran for the request (which the guard treats as unauthenticated). */
export function authStateOf(req: Request | undefined): AuthState | undefined {
  return req ? (req as WithAuthState)[AUTH_STATE] : undefined;
}

/**
 * The token of an `Authorization: Bearer <token>` header: undefined when there is no header,
 * null when there is one that is not a bearer token.
 */
export function bearerTokenOf(req: Request): string | null | undefined {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer\s+([^\s]+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** Drops client-supplied identity headers, so that only a verified credential can set them. */
export function stripIdentityHeaders(req: Request): void {
  delete req.headers[USER_ID_HEADER];
  delete req.headers[PROVIDER_ID_HEADER];
}

export function singleHeader(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}
