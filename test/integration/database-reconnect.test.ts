import { SchedulerRegistry } from '@nestjs/schedule';
import { createApi } from '../../src/app/bootstrap';
import { testRedisUrl } from '../support/environment';
import { createTestPrefix } from '../support/redis';
import { freePort } from '../support/service-process';
import { testConfig } from '../support/test-app';

// The API starts without PostgreSQL and keeps trying in the background (docs/architecture.md,
// "Reliability rules"). That retry is a timer of the process: it lives in Nest's SchedulerRegistry,
// so closing the application stops it instead of leaving a reconnect running after shutdown.

describe('the API waiting for PostgreSQL', () => {
  const prefix = createTestPrefix();

  afterAll(() => prefix.clear());

  it('retries on a timer of the SchedulerRegistry, which closing the application clears', async () => {
    const closedPort = await freePort();
    const app = await createApi(
      testConfig({
        DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/keepwarm`,
        MIGRATIONS_RUN: 'false',
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix.prefix,
      }),
    );
    await app.init();
    const registry = app.get(SchedulerRegistry);
    expect(registry.getTimeouts()).toEqual(['database-reconnect']);
    // Still unreachable two seconds later: the timer fired, failed again and was registered anew.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(registry.getTimeouts()).toEqual(['database-reconnect']);
    await app.close();
    expect(registry.getTimeouts()).toEqual([]);
  });
});
