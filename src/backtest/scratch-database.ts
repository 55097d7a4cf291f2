import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdentifier } from '../infra/database/migrate';

// Databases that exist for one run: the backtest's scratch database and the demo's.

/** The same server as `baseUrl`, another database. */
export function databaseUrlNamed(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function scratchDatabaseName(purpose: string): string {
  return `keepwarm_${purpose}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** DROP DATABASE ... WITH (FORCE), through the server's maintenance database. */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
