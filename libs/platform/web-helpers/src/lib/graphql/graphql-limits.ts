/** How much work one GraphQL operation may ask for. */
export interface GraphqlLimits {
  /** Deepest field nesting, root fields counting 1. Introspection fields (`__schema`...) are not counted. */
  maxDepth: number;
  /** Highest cost (graphql-query-complexity: 1 per field unless the field declares its own `complexity`). */
  maxComplexity: number;
  /** Most field nodes visited while costing, fragments expanded: stops costing itself from being the attack. */
  maxQueryNodes: number;
}

export const DEFAULT_GRAPHQL_LIMITS: Readonly<GraphqlLimits> = {
  maxDepth: 8,
  maxComplexity: 500,
  maxQueryNodes: 2000,
};

/** `extensions.reason` of operations refused for their size; `extensions.code` is GRAPHQL_VALIDATION_FAILED (HTTP 400). */
export const QUERY_TOO_DEEP = 'QUERY_TOO_DEEP';
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
