/**
 * The protos break a rule the catalog relies on. Thrown from the plugin, it makes
 * `buf generate` fail with every problem listed, instead of generating a catalog
 * that the outbox writer or a decoder would trip over at run time.
 */
export class EventCatalogError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`event catalog: ${problems.length} problem(s) in the protos:\n- ${problems.join('\n- ')}`);
    this.name = 'EventCatalogError';
  }
}
