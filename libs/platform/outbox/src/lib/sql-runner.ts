/** What the outbox needs to run SQL: a TypeORM DataSource or EntityManager, or a pg client. */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}
