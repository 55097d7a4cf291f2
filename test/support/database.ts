import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { withConnection } from '../../src/infra/database/connection';
import { dataSourceOptions } from '../../src/app/data-source';
import { runMigrationsLocked } from '../../src/infra/database/migrate';
import { adminDatabaseUrl, databaseUrl, testRun } from './environment';

// Each test file gets its own database, cloned from a template migrated once per run
// (CREATE DATABASE ... TEMPLATE is a file copy: far faster than migrating every time).

export interface TestDatabase {
  name: string;
  url: string;
  /** One query on a connection of its own (the app's pool is left alone); the rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

const TEMPLATE_LOCK = 7_311_942_002;

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  return withConnection(adminDatabaseUrl(), work);
}

export async function ensureTemplate(): Promise<string> {
  const template = `${testRun()}_template`;
  await withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount) return;
      await client.query(`CREATE DATABASE "${template}"`);
      const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(template), poolSize: 2 }));
      await dataSource.initialize();
      try {
        await runMigrationsLocked(dataSource);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return template;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  const name = `${testRun()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    query: <T>(text: string, params: unknown[] = []) =>
      withConnection(databaseUrl(name), async (client) => (await client.query(text, params)).rows as T[]),
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

/** A database name for a test that wants keepwarm to create and migrate it itself. */
export function freshDatabaseName(): string {
  return `${testRun()}_${randomBytes(4).toString('hex')}`;
}
