import { deleteKeysMatching } from '../../src/infra/queue/redis';
import { Client } from 'pg';
import { adminDatabaseUrl, testRedisUrl } from './environment';

export default async function globalTeardown(): Promise<void> {
  const run = process.env.KEEPWARM_TEST_RUN;
  if (!run || process.env.KEEPWARM_KEEP_TEST_DATA === 'true') return;
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${run}%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await deleteKeysMatching(testRedisUrl(), `${run}*`);
}
