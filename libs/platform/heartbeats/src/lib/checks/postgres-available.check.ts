import type { CheckFn } from '../health-check';

/** Anything that can run SQL: a TypeORM DataSource, a pg Pool or Client. */
export interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/** The seed's `repo_available` check: the database answers a trivial query. */
export function postgresAvailableCheck(db: SqlRunner): CheckFn {
  return async () => {
    await db.query('SELECT 1');
  };
}
