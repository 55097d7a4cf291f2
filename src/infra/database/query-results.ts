import type { PoolClient, QueryResultRow } from 'pg';
import type { EntityManager } from 'typeorm';

/** TypeORM's postgres driver answers UPDATE and DELETE (with RETURNING) with [rows, affected count]; anything else with rows. */
export function updatedRows<T = Record<string, unknown>>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/**
 * Runs a statement as a named prepared statement on the transaction's connection: PostgreSQL parses
 * and plans it once per connection instead of at every call, which matters for the large statements
 * of the ingestion path (planning one took as long as running it). Outside a transaction it is an
 * ordinary query. `name` must always go with the same `text`.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return manager.query(text, values);
  const client = (await runner.connect()) as PoolClient;
  return (await client.query<T & QueryResultRow>({ name, text, values })).rows;
}

/** A timestamp column as RFC 3339 (UTC), or null. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}
