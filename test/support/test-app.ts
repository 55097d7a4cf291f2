import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../src/app/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { loadEnv } from '../../src/config/env';
import { loadPolicy } from '../../src/config/policy-file';
import { createTestDatabase, TestDatabase } from './database';
import { testRedisUrl } from './environment';
import { createTestPrefix } from './redis';
import { TEST_WEBHOOK_SECRET } from './signing';

export const TEST_API_TOKEN = 'test-api-token';

export interface TestApi {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestDatabase;
  prefix: string;
  /** Sends a request through the real HTTP stack (Fastify inject: no socket, same pipeline). */
  request(options: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: string | object;
  }): Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: string;
    json<T = Record<string, unknown>>(): T;
  }>;
  close(): Promise<void>;
}

/** Builds AppConfig the way the entrypoints do, from an environment object. */
export function testConfig(env: Record<string, string | undefined>): AppConfig {
  const loaded = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env } as NodeJS.ProcessEnv);
  return new AppConfig(loaded, loadPolicy(loaded.policyFile));
}

/** The real API on its own database and Redis prefix, dropped on close. */
export async function startTestApi(env: Record<string, string | undefined> = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const { prefix, clear } = createTestPrefix();
  const config = testConfig({
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    API_TOKEN: TEST_API_TOKEN,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    LINK_SIGNING_SECRET: 'test-link-secret',
    MAIL_OUTBOX_DIR: `var/test-outbox/${prefix}`,
    ...env,
  });
  const app = await createApi(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    database,
    prefix,
    async request({ method, url, headers = {}, body }) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers:
          url.startsWith('/v1/') && !('authorization' in headers)
            ? { authorization: `Bearer ${TEST_API_TOKEN}`, ...headers }
            : headers,
        payload: body as string,
      });
      return {
        status: response.statusCode,
        headers: response.headers as Record<string, string | string[] | undefined>,
        body: response.body,
        json: <T>() => JSON.parse(response.body) as T,
      };
    },
    async close() {
      await app.close();
      await database.drop();
      await clear();
    },
  };
}
