import { fixture, GREENHOUSE_SECRET, greenhouseJson, signGreenhouse } from '../e2e/vendor-signing';
import { applicationCreated } from '../support/events';
import { getApi, postCanonical, request, serviceEnvironment, TimedResponse } from '../support/faults/http';
import { freePort, sleep, waitFor } from '../support/faults/ports';
import { PrivatePostgres } from '../support/faults/private-postgres';
import { PrivateRedis } from '../support/faults/private-redis';
import { ServiceProcess, startApiProcess, startWorkerProcess } from '../support/faults/service-process';

// docs/architecture.md, "Reliability rules": with PostgreSQL down or restarting, webhooks answer 503 problem+json
// with Retry-After quickly (bounded pool waits), never 500 and never hang; when it comes back the
// API serves again and the worker resumes, without a restart.

const answerBoundMs = 1500;

describe('PostgreSQL outage', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let api: ServiceProcess | undefined;
  let worker: ServiceProcess | undefined;
  let baseUrl: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    env = await serviceEnvironment(
      { databaseUrl: postgres.url('keepwarm'), redisUrl: redis.url },
      { GREENHOUSE_SECRET },
    );
    ({ process: api, baseUrl } = await startApiProcess(env, 'main', 'api'));
    worker = await startWorkerProcess(env, 'worker');
  });

  afterAll(async () => {
    await Promise.allSettled([api?.stop('SIGKILL'), worker?.stop('SIGKILL')]);
    await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  });

  const created = (id: string) => applicationCreated(id, '2026-11-16T14:00:00Z');

  function expectServiceUnavailable(response: TimedResponse): void {
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(response.json()).toMatchObject({
      status: 503,
      type: expect.stringContaining('storage-unavailable'),
    });
  }

  it('accepts webhooks while PostgreSQL is up', async () => {
    const response = await postCanonical(baseUrl, created('app_before'));
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ status: 'accepted', events: 1 });
  });

  it('answers 503 with Retry-After, quickly, while PostgreSQL is down, and serves again once it is back', async () => {
    await postgres.stop('fast');

    // A burst larger than the pool: queued requests must not wait on the pool forever either.
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, index) => postCanonical(baseUrl, created(`app_down_${index}`))),
    );
    for (const response of burst) expectServiceUnavailable(response);
    const slowest = Math.max(...burst.map((response) => response.milliseconds));
    process.stdout.write(
      `postgres down: 30 concurrent webhooks answered 503 in <= ${slowest.toFixed(0)} ms\n`,
    );
    expect(slowest).toBeLessThan(answerBoundMs * 2);

    // One at a time, each within the bound.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await postCanonical(baseUrl, created(`app_down_single_${attempt}`));
      expectServiceUnavailable(response);
      expect(response.milliseconds).toBeLessThan(answerBoundMs);
    }

    const ready = await request(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.milliseconds).toBeLessThan(answerBoundMs);
    expect(ready.json()).toMatchObject({ status: 'error', details: { database: { status: 'down' } } });

    // The REST API is storage-bound too: 503, not 500.
    const read = await getApi(baseUrl, '/v1/applications/app_before');
    expect(read.status).toBe(503);

    await postgres.start();
    const recovered = await waitFor(
      'the API to accept webhooks again',
      async () => {
        const response = await postCanonical(baseUrl, created('app_after'));
        return response.status === 200 ? response : undefined;
      },
      20_000,
      250,
    );
    expect(recovered.json()).toEqual({ status: 'accepted', events: 1 });
    expect((await request(`${baseUrl}/health/ready`)).status).toBe(200);
    expect((await getApi(baseUrl, '/v1/applications/app_after')).status).toBe(200);

    // Nothing answered 503 was half-stored.
    const stored = await postgres.query<{ id: string }>(
      'keepwarm',
      "SELECT id FROM applications WHERE id LIKE 'app_down%'",
    );
    expect(stored).toEqual([]);
  });

  it('never answers 500 while PostgreSQL crashes and restarts under load', async () => {
    const statuses = new Map<number, number>();
    let running = true;
    let sequence = 0;
    const load = (async () => {
      while (running) {
        sequence += 1;
        const batch = await Promise.all(
          Array.from({ length: 5 }, (_, index) =>
            postCanonical(baseUrl, created(`app_load_${sequence}_${index}`)).catch(() => undefined),
          ),
        );
        for (const response of batch) {
          const status = response?.status ?? 0;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
        await sleep(20);
      }
    })();
    await sleep(500);
    await postgres.stop('immediate');
    await sleep(1500);
    await postgres.start();
    await sleep(2500);
    running = false;
    await load;

    process.stdout.write(
      `postgres crash under load: statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 503]));
    for (const status of statuses.keys()) expect([200, 503]).toContain(status);
    expect(api?.output()).not.toMatch(/"statusCode":500/);
    // Every event answered 200 is stored.
    const accepted = statuses.get(200) ?? 0;
    const [{ count }] = await postgres.query<{ count: string }>(
      'keepwarm',
      "SELECT count(*) FROM applications WHERE id LIKE 'app_load_%'",
    );
    expect(Number(count)).toBeGreaterThanOrEqual(accepted);
  });

  it('answers 503 within the bound while PostgreSQL hangs (connections open, nothing answers)', async () => {
    // Warm the pool so that requests meet open connections to a server that no longer answers.
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => postCanonical(baseUrl, created(`app_warm_${index}`))),
    );
    await postgres.freeze();
    try {
      // A Greenhouse delivery naming a hiring manager by user id looks them up in the directory
      // before anything is stored: that query is bounded as well, even on an idle pooled connection.
      const body = fixture('greenhouse', 'new_candidate_application.json');
      body.payload.application.jobs[0].hiring_team.hiring_managers = [{ user_id: 4242, employee_id: null }];
      const delivery = signGreenhouse(greenhouseJson(body));
      const greenhouse = await request(`${baseUrl}${delivery.url}`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
        timeoutMs: 10_000,
      }).catch((error: Error) => ({ status: 0, milliseconds: 10_000, error }) as const);
      process.stdout.write(
        `postgres hung, Greenhouse delivery: ${greenhouse.status} in ${greenhouse.milliseconds.toFixed(0)} ms\n`,
      );
      expect(greenhouse.status).toBe(503);
      expect(greenhouse.milliseconds).toBeLessThan(answerBoundMs * 2);

      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          postCanonical(baseUrl, created(`app_hung_${index}`), { timeoutMs: 10_000 }).catch(
            (error: Error) => ({ status: 0, milliseconds: 10_000, error }) as const,
          ),
        ),
      );
      const slowest = Math.max(...answers.map((answer) => answer.milliseconds));
      process.stdout.write(
        `postgres hung: statuses ${JSON.stringify(answers.map((answer) => answer.status))}, slowest ${slowest.toFixed(0)} ms\n`,
      );
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.milliseconds).toBeLessThan(answerBoundMs * 2);
      }
    } finally {
      await postgres.thaw();
    }
    await waitFor(
      'the API to accept webhooks after the hang',
      async () => (await postCanonical(baseUrl, created('app_after_hang'))).status === 200,
      20_000,
      250,
    );
  });

  it('keeps the worker running through the outage', () => {
    for (const service of [api, worker]) {
      if (!service?.alive) throw new Error(`${service?.label} died:\n${service?.tail(60)}`);
    }
  });

  it('exits non-zero at once, rather than hanging, when PostgreSQL is down at start (the orchestrator restarts it)', async () => {
    await postgres.stop('fast');
    try {
      // The API must migrate before it serves (MIGRATIONS_RUN defaults to true); the worker may wait instead.
      for (const entrypoint of ['main'] as const) {
        const started = Date.now();
        const starting = new ServiceProcess(
          entrypoint,
          { ...env, PORT: String(await freePort()) },
          [],
          `${entrypoint}-late`,
        );
        const exit = await starting.waitForExit(20_000);
        process.stdout.write(
          `${entrypoint} with postgres down: exit ${exit.code} after ${Date.now() - started} ms\n`,
        );
        expect(exit.code).not.toBe(0);
        expect(starting.output()).toMatch(/ECONNREFUSED/);
      }
    } finally {
      await postgres.start();
    }
  });
});
