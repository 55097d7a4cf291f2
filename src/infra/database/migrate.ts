import { maintenanceUrl, withConnection } from './connection';
import { DataSource } from 'typeorm';

// Any constant works; it only has to be the same in every replica.
const MIGRATION_LOCK_KEY = 7_311_942_001;

/** Creates the database named in the URL when it does not exist (docs/contract.md, "Environment"). */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  await withConnection(maintenanceUrl(url), async (client) => {
    try {
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (existing.rowCount) return;
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    } catch (error) {
      // Another replica created it between our check and our CREATE: 42P04 duplicate_database, or,
      // when both CREATEs run at once, 23505 on pg_database's unique name index.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
  });
}

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so replicas starting together migrate once:
 * the first holds the lock and migrates, the others wait, then find nothing pending. The lock is held on
 * a connection of its own, so the data source needs a pool of at least two.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
