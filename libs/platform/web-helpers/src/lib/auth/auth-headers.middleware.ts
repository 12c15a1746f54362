import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  bearerTokenOf,
  PROVIDER_ID_HEADER,
  setAuthState,
  stripIdentityHeaders,
  USER_ID_HEADER,
} from './caller';
import { InvalidTokenError } from './invalid-token.error';
import { JwtVerifier } from './jwt-verifier';

/**
 * The counterpart of the seed's `add_missing_auth_headers_plug` for public APIs: client-supplied
 * `x-user-id` / `x-provider-id` are always dropped, and when the bearer JWT verifies they are
 * filled from its claims, so everything downstream (resolvers, forwarded calls) can trust them.
 * It never rejects a request itself: the GraphQL guard does, so health endpoints stay open.
 */
@Injectable()
export class AuthHeadersMiddleware implements NestMiddleware {
  private readonly logger = new Logger(AuthHeadersMiddleware.name);

  constructor(@Inject(JwtVerifier) private readonly verifier: JwtVerifier) {}

  async use(req: Request, _res: Response, next: NextFunction): Promise<void> {
    stripIdentityHeaders(req);
    const token = bearerTokenOf(req);
    if (token === undefined) {
      setAuthState(req, { status: 'anonymous' });
    } else if (token === null) {
      setAuthState(req, { status: 'rejected', reason: 'Authorization header is not "Bearer <token>"' });
    } else {
      try {
        const caller = await this.verifier.verify(token);
        req.headers[USER_ID_HEADER] = caller.userId;
        req.headers[PROVIDER_ID_HEADER] = caller.providerId;
        setAuthState(req, { status: 'authenticated', caller });
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) return next(error);
        this.logger.debug(error.message);
        setAuthState(req, { status: 'rejected', reason: error.message });
      }
    }
    next();
  }
}
