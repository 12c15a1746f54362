export { signUserToken } from '../app/dev-user-token';
export { providerState } from '@my-service/domain';
export { graphqlErrorShape as errorShape, postGraphql, type GraphqlResponse } from '@platform/testing';
