import { buildSchema, parse, validate } from 'graphql';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`
  type Query { node: Node }
  type Node { id: ID!, child: Node }
`);

const errorsOf = (query: string, maxDepth: number) =>
  validate(schema, parse(query), [depthLimitRule(maxDepth)]).map((e) => [e.message, e.extensions]);

describe('depthLimitRule', () => {
  it('counts root fields as depth 1 and allows up to the limit', () => {
    expect(errorsOf('{ node { id } }', 2)).toEqual([]);
    expect(errorsOf('{ node { child { id } } }', 2)).toEqual([
      ['Query is 3 levels deep; the maximum is 2', { reason: 'QUERY_TOO_DEEP', depth: 3, maxDepth: 2 }],
    ]);
  });

  it('follows named and inline fragments', () => {
    const query = `
      query { node { ...A } }
      fragment A on Node { child { ... on Node { child { ...B } } } }
      fragment B on Node { child { id } }
    `;
    expect(errorsOf(query, 5)).toEqual([]);
    expect(errorsOf(query, 4)).toHaveLength(1);
  });

  it('does not count introspection fields', () => {
    expect(
      errorsOf('{ __schema { types { fields { type { ofType { name } } } } } node { __typename } }', 2),
    ).toEqual([]);
  });

  it('stays fast on documents that reuse fragments exponentially', () => {
    const fragments = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Node { child { ...F${i + 1} } child2: child { ...F${i + 1} } }`,
    );
    fragments.push('fragment F30 on Node { id }');
    const started = Date.now();
    const errors = validate(schema, parse(`{ node { ...F0 } } ${fragments.join('\n')}`), [
      depthLimitRule(10),
    ]);
    expect(errors.map((e) => e.extensions['depth'])).toEqual([32]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
