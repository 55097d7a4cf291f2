import { maintenanceUrl, withConnection } from './connection';
import { quoteIdentifier } from './migrate';

// The demo's database, recreated on every run beside DATABASE_URL.

/** The same server as `baseUrl`, another database. */
export function databaseUrlNamed(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** DROP DATABASE ... WITH (FORCE), through the server's maintenance database. */
export async function dropDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  await withConnection(maintenanceUrl(url), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`),
  );
}
