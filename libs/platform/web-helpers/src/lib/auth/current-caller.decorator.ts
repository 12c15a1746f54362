import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { unauthenticated } from '../errors/graphql-errors';
import { authStateOf, type ServiceCaller, type UserCaller } from './caller';
import { requestOf } from './request-of';

function callerOf<K extends 'user' | 'service'>(context: ExecutionContext, kind: K) {
  const state = authStateOf(requestOf(context));
  if (state?.status === 'authenticated' && state.caller.kind === kind) {
    return state.caller as K extends 'user' ? UserCaller : ServiceCaller;
  }
  throw unauthenticated(`This operation needs a ${kind} caller`);
}

/** The verified user behind the request (public APIs, JwtAuthModule). */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): UserCaller =>
  callerOf(context, 'user'),
);

/** The authenticated service behind the request, with the identity headers it forwarded (internal APIs, ServiceTokenAuthModule). */
export const CurrentService = createParamDecorator((_: unknown, context: ExecutionContext): ServiceCaller =>
  callerOf(context, 'service'),
);
