import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import { unauthenticated } from '../errors/graphql-errors';
import { authStateOf } from './caller';
import { IS_PUBLIC } from './public.decorator';
import { requestOf } from './request-of';

/**
 * Registered app-wide by the auth modules: every GraphQL resolver requires an authenticated
 * caller unless marked {@link Public}. Secure by default: a resolver added later is covered
 * without anyone remembering a decorator. Plain HTTP routes (health) are left alone.
 */
@Injectable()
export class GraphqlAuthGuard implements CanActivate {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const state = authStateOf(requestOf(context));
    if (state?.status === 'authenticated') return true;
    throw unauthenticated(
      state?.status === 'rejected'
        ? state.reason
        : 'Authentication required: send "Authorization: Bearer <token>"',
    );
  }
}
