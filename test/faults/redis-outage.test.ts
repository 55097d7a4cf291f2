import { applicationCreated } from '../support/events';
import { getApi, postCanonical, request, serviceEnvironment } from '../support/faults/http';
import { sleep, waitFor } from '../support/faults/ports';
import { PrivatePostgres } from '../support/faults/private-postgres';
import { PrivateRedis } from '../support/faults/private-redis';
import { ServiceProcess, startApiProcess, startWorkerProcess } from '../support/faults/service-process';

// docs/architecture.md, "Reliability rules": Redis being down delays work, never loses it. Webhooks are durable
// in PostgreSQL, so they are still accepted; /health/ready stays 200 and reports the outage.

describe('Redis outage', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    // AOF on, as production should run it (README): a Redis that comes back keeps its queues.
    [postgres, redis] = await Promise.all([
      PrivatePostgres.start(),
      PrivateRedis.start({ persistent: true }),
    ]);
    const env = await serviceEnvironment({ databaseUrl: postgres.url('keepwarm'), redisUrl: redis.url });
    ({ process: api, baseUrl } = await startApiProcess(env, 'main', 'api'));
    worker = await startWorkerProcess(env, 'worker');
  });

  afterAll(async () => {
    await Promise.allSettled([api?.stop('SIGKILL'), worker?.stop('SIGKILL')]);
    await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  });

  const created = (id: string) => applicationCreated(id, new Date(Date.now() - 3600_000));

  it('accepts webhooks and reports degraded readiness while Redis is down, and recovers by itself', async () => {
    expect((await request(`${baseUrl}/health/ready`)).json()).toMatchObject({ status: 'ok' });
    await redis.stop('SIGKILL');

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) => postCanonical(baseUrl, created(`app_redis_down_${index}`))),
    );
    for (const answer of answers) {
      if (answer.status !== 200) throw new Error(`${answer.status} ${answer.body}\n${api?.tail(30)}`);
      expect(answer.json()).toEqual({ status: 'accepted', events: 1 });
    }
    const slowest = Math.max(...answers.map((answer) => answer.milliseconds));
    process.stdout.write(`redis down: 20 concurrent webhooks accepted, slowest ${slowest.toFixed(0)} ms\n`);
    expect(slowest).toBeLessThan(2000);

    const ready = await request(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(ready.milliseconds).toBeLessThan(1500);
    expect(ready.json()).toMatchObject({
      status: 'degraded',
      details: { database: { status: 'up' }, redis: { status: 'down' } },
    });

    // Durable in PostgreSQL before the answer, and readable over the API.
    const [{ count }] = await postgres.query<{ count: string }>(
      'keepwarm',
      "SELECT count(*) FROM applications WHERE id LIKE 'app_redis_down_%'",
    );
    expect(Number(count)).toBe(20);
    expect((await getApi(baseUrl, '/v1/applications/app_redis_down_0')).status).toBe(200);
    // A sweep needs only PostgreSQL (docs/contract.md, POST /v1/scans).
    const scan = await request(`${baseUrl}/v1/scans`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-api-token', 'content-type': 'application/json' },
      body: '{}',
      timeoutMs: 30_000,
    });
    expect(scan.status).toBe(200);

    await sleep(2000); // Long enough for reconnect attempts to fail a few times.
    await redis.start();
    await waitFor(
      'readiness to report Redis up again',
      async () => (await request(`${baseUrl}/health/ready`)).json<{ status: string }>().status === 'ok',
      20_000,
      250,
    );
    expect(api?.alive).toBe(true);
    if (!worker?.alive) throw new Error(`the worker died during the Redis outage:\n${worker?.tail(60)}`);
    expect(api?.output()).not.toMatch(/"statusCode":5\d\d/);
  });
});
