import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { databaseUrl, adminDatabaseUrl, testRedisUrl } from '../support/environment';
import { freshDatabaseName } from '../support/database';
import { freePort, repositoryRoot, startProcess, waitForHttp } from '../support/service-process';
import { createTestPrefix } from '../support/redis';

// The database named in DATABASE_URL is created when missing, and migrations run once even when
// several API replicas start together (PostgreSQL advisory lock), and `migrate` is idempotent.

const migrationCount = readdirSync(join(repositoryRoot, 'migrations')).filter((file) =>
  /^\d+.*\.ts$/.test(file),
).length;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function dropDatabase(name: string): Promise<void> {
  await query(adminDatabaseUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

describe('migrations', () => {
  const created: string[] = [];
  const redis = createTestPrefix();

  afterAll(async () => {
    for (const name of created) await dropDatabase(name);
    await redis.clear();
  });

  it('has migrations to apply', () => {
    expect(migrationCount).toBeGreaterThan(0);
  });

  it('three API processes starting together on a missing database create it and migrate it once', async () => {
    const name = freshDatabaseName();
    created.push(name);
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const services = ports.map((port) =>
      startProcess('main', {
        DATABASE_URL: databaseUrl(name),
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: redis.prefix,
        PORT: String(port),
        HOST: '127.0.0.1',
        DB_POOL_SIZE: '3',
      }),
    );
    try {
      for (const [index, port] of ports.entries()) {
        const ready = await waitForHttp(`http://127.0.0.1:${port}/health/ready`, services[index], {
          status: 200,
        });
        expect((await ready.json()) as object).toMatchObject({ details: { database: { status: 'up' } } });
      }
      const rows = await query<{ count: string }>(databaseUrl(name), 'SELECT count(*) FROM migrations');
      expect(Number(rows[0].count)).toBe(migrationCount);
      const names = await query<{ name: string; copies: string }>(
        databaseUrl(name),
        'SELECT name, count(*) AS copies FROM migrations GROUP BY name HAVING count(*) > 1',
      );
      expect(names).toEqual([]);
    } finally {
      const exits = await Promise.all(services.map((service) => service.stop()));
      for (const [index, exit] of exits.entries()) {
        const stderr = exit.code === 0 ? '' : services[index].stderr();
        expect({ ...exit, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
      }
    }
  });

  it('`migrate` (what npm run migration:run runs after building) creates the database and is idempotent', async () => {
    const name = freshDatabaseName();
    created.push(name);
    const env = { DATABASE_URL: databaseUrl(name) };

    const first = startProcess('cli', env, ['migrate']);
    expect(await first.waitForExit(60_000)).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toMatch(new RegExp(`applied ${migrationCount} migration`));

    const second = startProcess('cli', env, ['migrate']);
    expect(await second.waitForExit(60_000)).toEqual({ code: 0, signal: null });
    expect(second.stdout()).toContain('up to date');

    const rows = await query<{ count: string }>(databaseUrl(name), 'SELECT count(*) FROM migrations');
    expect(Number(rows[0].count)).toBe(migrationCount);
  });
});
