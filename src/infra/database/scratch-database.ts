import { randomBytes } from 'node:crypto';
import { maintenanceUrl, withConnection } from './connection';
import { quoteIdentifier } from './migrate';

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
  await withConnection(maintenanceUrl(url), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}
