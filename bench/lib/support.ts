import { withConnection as withClient } from '../../src/infra/database/connection';
import { DEFAULT_DATABASE_URL } from '../../src/app/data-source';

// What every benchmark needs: tunables from the environment and scratch databases on the
// PostgreSQL server that DATABASE_URL names.

export function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The URL of `database` on the server DATABASE_URL points at. */
export function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export { withClient };

export async function dropDatabase(name: string): Promise<void> {
  await withClient(serverUrl('postgres'), (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}

export async function recreateDatabase(name: string): Promise<void> {
  await dropDatabase(name);
  await withClient(serverUrl('postgres'), (client) => client.query(`CREATE DATABASE "${name}"`));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
