export * from './lib/bootstrap-http-app';

export * from './lib/auth/acts-for-provider';
export * from './lib/auth/auth-headers.middleware';
export * from './lib/auth/caller';
export * from './lib/auth/current-caller.decorator';
export * from './lib/auth/graphql-auth.guard';
export * from './lib/auth/invalid-auth-config.error';
export * from './lib/auth/invalid-token.error';
export * from './lib/auth/jwt-auth.module';
export * from './lib/auth/jwt-verifier';
export * from './lib/auth/public.decorator';
export * from './lib/auth/request-of';
export * from './lib/auth/service-token-auth.module';
export * from './lib/auth/service-token.middleware';
export * from './lib/auth/service-token.verifier';

export * from './lib/errors/domain-error.mapping';
export * from './lib/errors/format-graphql-error';
export * from './lib/errors/graphql-errors';

export * from './lib/graphql/complexity-limit.plugin';
export * from './lib/graphql/depth-limit.rule';
export * from './lib/graphql/graphql-limits';
export * from './lib/graphql/graphql-server.options';
