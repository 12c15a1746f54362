import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  bearerTokenOf,
  PROVIDER_ID_HEADER,
  setAuthState,
  singleHeader,
  stripIdentityHeaders,
  USER_ID_HEADER,
} from './caller';
import { ServiceTokenVerifier } from './service-token.verifier';

/**
 * Internal APIs: `Authorization: Bearer <service token>` establishes a service caller. The
 * identity headers it forwards (`x-user-id`, `x-provider-id`) are kept only when the token
 * is valid; on any other request they are dropped. Never rejects by itself (see the guard).
 */
@Injectable()
export class ServiceTokenMiddleware implements NestMiddleware {
  constructor(@Inject(ServiceTokenVerifier) private readonly verifier: ServiceTokenVerifier) {}

  use(req: Request, _res: Response, next: NextFunction): void {
    const token = bearerTokenOf(req);
    if (token && this.verifier.matches(token)) {
      setAuthState(req, {
        status: 'authenticated',
        caller: {
          kind: 'service',
          forwardedUserId: singleHeader(req, USER_ID_HEADER),
          forwardedProviderId: singleHeader(req, PROVIDER_ID_HEADER),
        },
      });
    } else {
      stripIdentityHeaders(req);
      setAuthState(
        req,
        token === undefined
          ? { status: 'anonymous' }
          : { status: 'rejected', reason: 'Invalid service token' },
      );
    }
    next();
  }
}
