import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { testRedisUrl, testRun } from './environment';

/** A Redis key prefix of this test file's own; `clear` removes every key under it. */
export function createTestPrefix(): { prefix: string; clear(): Promise<void> } {
  const prefix = `${testRun()}_${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    async clear() {
      const redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length) await redis.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
