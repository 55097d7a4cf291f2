// Where the suite finds PostgreSQL and Redis: this machine's, unless told otherwise.
export function adminDatabaseUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function testRun(): string {
  const run = process.env.KEEPWARM_TEST_RUN;
  if (!run)
    throw new Error('KEEPWARM_TEST_RUN is unset: run the suite through jest (test/support/global-setup.ts)');
  return run;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
