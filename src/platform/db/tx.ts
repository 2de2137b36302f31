import type { Db } from './client.ts';

/**
 * Run one command in one transaction. Inside an open transaction, drizzle nests as a savepoint,
 * so services can call each other and still commit or roll back as one.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}
