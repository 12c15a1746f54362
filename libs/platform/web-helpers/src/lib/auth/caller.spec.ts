import type { Request } from 'express';
import { bearerTokenOf } from './caller';

const req = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as Request;

describe('bearerTokenOf', () => {
  it('tells a missing header, a bearer token and anything else apart', () => {
    expect(bearerTokenOf(req())).toBeUndefined();
    expect(bearerTokenOf(req('Bearer abc.def.ghi'))).toBe('abc.def.ghi');
    expect(bearerTokenOf(req('bearer   abc'))).toBe('abc');
    expect(bearerTokenOf(req('Basic dXNlcjpwYXNz'))).toBeNull();
    expect(bearerTokenOf(req('Bearer'))).toBeNull();
    expect(bearerTokenOf(req('Bearer a b'))).toBeNull();
  });
});
