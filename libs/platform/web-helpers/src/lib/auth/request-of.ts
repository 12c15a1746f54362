import type { ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Request } from 'express';

/** The HTTP request behind a resolver or controller call (GraphQL context must carry `req`, see graphqlServerOptions). */
export function requestOf(context: ExecutionContext): Request | undefined {
  if (context.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req?: Request }>().req;
  }
  return context.getType() === 'http' ? context.switchToHttp().getRequest<Request>() : undefined;
}
