import { randomBytes } from 'node:crypto';
import { deleteKeysMatching } from '../../src/infra/queue/redis';
import { testRedisUrl, testRun } from './environment';

/** A Redis key prefix of this test file's own; `clear` removes every key under it. */
export function createTestPrefix(): { prefix: string; clear(): Promise<void> } {
  const prefix = `${testRun()}_${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    async clear() {
      await deleteKeysMatching(testRedisUrl(), `${prefix}*`);
    },
  };
}
