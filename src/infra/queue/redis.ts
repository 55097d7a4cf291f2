import IORedis, { RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker';

/**
 * BullMQ's advice: workers block on Redis and must never give up a command (maxRetriesPerRequest null);
 * the API only produces, and fails fast with Redis down instead of queueing commands in memory.
 */
export function createRedisConnection(url: string, role: RedisRole, name = `keepwarm-${role}`): IORedis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, connectionName: name };
  const connection = new IORedis(url, {
    ...options,
    lazyConnect: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Errors surface through health checks and job failures; an unhandled 'error' event would crash the process.
  connection.on('error', () => undefined);
  return connection;
}

/** ioredis options from a redis:// or rediss:// URL, for BullMQ, which takes options rather than a URL. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const database = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: database ? Number(database) : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * The connections BullMQ opens for queues and workers. Workers never give up a command. The API's
 * queues give up after one retry; they keep the offline queue because BullMQ sends its first command
 * (INFO) before the socket is ready, and without the offline queue that command fails at every start.
 * The API still never waits on Redis: its only queue writes are relay nudges, bounded by their own
 * timeout, and its health check uses the fail-fast connection above.
 */
export function bullConnectionOptions(url: string, role: RedisRole): RedisOptions {
  return {
    ...redisOptionsFromUrl(url),
    ...(role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, connectTimeout: 2000 }),
  };
}

/**
 * Deletes every key whose name starts with `pattern`'s literal part (a SCAN MATCH pattern such as
 * `keepwarm_demo:*`), in batches; answers how many went. For demos, benchmarks and tests that own a
 * prefix: production never deletes its queues.
 */
export async function deleteKeysMatching(url: string, pattern: string): Promise<number> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
