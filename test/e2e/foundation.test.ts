import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/database';
import { testRedisUrl } from '../support/environment';
import { application, event } from '../support/events';
import { createTestPrefix } from '../support/redis';
import {
  freePort,
  sandboxEnvironment,
  ServiceProcess,
  startApiProcess,
  startProcess,
  waitForHttp,
} from '../support/service-process';
import { signCanonical } from '../support/signing';

// The foundation as operators meet it: the compiled entrypoints as child processes, their health,
// metrics, docs, logs, signals and behaviour when PostgreSQL or Redis is gone.

const API_TOKEN = 'foundation-token';
const candidateName = 'Casey Candidate';
const candidateEmail = 'casey@example.com';

interface LogLine {
  level: number;
  msg: string;
  context?: string;
  [field: string]: unknown;
}

describe('keepwarm processes', () => {
  let database: TestDatabase;
  const redis = createTestPrefix();
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL').catch(() => undefined)));
    await database?.drop();
    await redis.clear();
  });

  function baseEnv(port: number, overrides: Record<string, string> = {}): Record<string, string> {
    return sandboxEnvironment({ databaseUrl: database.url, queuePrefix: redis.prefix }, port, {
      API_TOKEN,
      WORKER_SCHEDULES: 'false',
      ...overrides,
    });
  }

  async function startApi(overrides: Record<string, string> = {}, ready = 200) {
    const api = await startApiProcess((port) => baseEnv(port, overrides), ready);
    running.push(api.service);
    return api;
  }

  async function postEvent(baseUrl: string, body: unknown): Promise<Response> {
    const signed = signCanonical(body);
    return fetch(`${baseUrl}/webhooks/events`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
  }

  describe('the API (node dist/main.js)', () => {
    let api: { service: ServiceProcess; baseUrl: string };

    beforeAll(async () => {
      api = await startApi({ LOG_LEVEL: 'debug' });
    });

    it('is live and ready, with PostgreSQL and Redis up', async () => {
      const live = await fetch(`${api.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${api.baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'ok',
        details: { database: { status: 'up' }, redis: { status: 'up' } },
      });
    });

    it('accepts a signed event, counts it in /metrics, and never puts personal data in labels', async () => {
      const metricValue = async (): Promise<number> => {
        const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
        const line = text
          .split('\n')
          .find(
            (row) =>
              row.startsWith('webhook_events_total{') &&
              row.includes('type="application.created"') &&
              row.includes('outcome="accepted"'),
          );
        return line ? Number(line.split(' ').pop()) : 0;
      };
      const before = await metricValue();
      const created = event('application.created', { application: application() });
      const response = await postEvent(api.baseUrl, created);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'accepted', events: 1 });
      expect(await metricValue()).toBe(before + 1);

      const metrics = await fetch(`${api.baseUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toContain('# TYPE http_requests_total counter');
      expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/webhooks\/events"/);
      const labelValues = [...text.matchAll(/="([^"]*)"/g)].map((match) => match[1]);
      expect(labelValues.filter((value) => value.includes('@'))).toEqual([]);
      expect(text).not.toContain(candidateName);
      expect(text).not.toContain('app_1'); // ids are not labels either

      const state = await fetch(`${api.baseUrl}/v1/applications/app_1`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      expect(state.status).toBe(200);
      expect(await state.json()).toMatchObject({ id: 'app_1', status: 'active' });
    });

    it('writes JSON logs without candidate emails or names, even at debug level', async () => {
      const created = event('application.created', {
        application: application({ id: 'app_logs' }),
      });
      expect((await postEvent(api.baseUrl, created)).status).toBe(200);
      // Something that logs a 4xx with the payload at hand: a malformed (quarantined) event.
      const malformed = event('application.created', {
        application: { id: 'app_bad', candidate: { name: candidateName, email: candidateEmail } },
      });
      expect((await postEvent(api.baseUrl, malformed)).status).toBe(400);
      await new Promise((resolve) => setTimeout(resolve, 300)); // let stdout drain
      const lines = api.service
        .stdout()
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const logged = lines.map((line) => JSON.parse(line) as { req?: { url?: string } });
      expect(logged.some((entry) => entry.req?.url === '/webhooks/events')).toBe(true);
      const output = api.service.stdout();
      expect(output).not.toContain(candidateEmail);
      expect(output).not.toContain(candidateName);
      expect(output).not.toContain('riley@example.com');
    });

    it('serves OpenAPI at /docs and /docs/json, with every /v1 route the API serves', async () => {
      const html = await fetch(`${api.baseUrl}/docs`);
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/text\/html/);
      const document = (await (await fetch(`${api.baseUrl}/docs/json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(document.openapi).toMatch(/^3\./);
      const documented = Object.keys(document.paths);
      expect(documented).toContain('/v1/applications/{id}');
      // Every /v1 route answers something other than 404-for-unknown-route; every documented one exists.
      for (const path of documented.filter((p) => p.startsWith('/v1/'))) {
        const url = `${api.baseUrl}${path.replace(/\{[^}]+\}/g, 'x')}`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${API_TOKEN}` } });
        const body = await response.text();
        const unknownRoute = response.status === 404 && /Route .* not found/i.test(body);
        expect({ path, unknownRoute }).toEqual({ path, unknownRoute: false });
      }
    });

    it('exits 0 on SIGTERM, promptly', async () => {
      const started = Date.now();
      expect(await api.service.stop('SIGTERM', 15_000)).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(12_000);
    });
  });

  it('every /v1 route served is documented in /docs/json', async () => {
    // The served routes come from Fastify's own table, in process.
    const { startTestApi } = await import('../support/test-app');
    const api = await startTestApi();
    try {
      const served = new Set<string>();
      const tree = api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
      for (const match of tree.matchAll(/(\/v1\/[^\s(]*)\s*\(([^)]*)\)/g)) {
        served.add(match[1].replace(/:([A-Za-z_]+)/g, '{$1}'));
      }
      const document = (await api.request({ method: 'GET', url: '/docs/json' })).json<{
        paths: Record<string, unknown>;
      }>();
      expect(served.size).toBeGreaterThan(0);
      expect([...served].filter((path) => !(path in document.paths))).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('with Redis down, /health/ready stays 200 and reports degraded; webhooks are still accepted', async () => {
    const closedPort = await freePort();
    const { service, baseUrl } = await startApi({ REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    try {
      const ready = await fetch(`${baseUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'degraded',
        details: { database: { status: 'up' }, redis: { status: 'down' } },
      });
      const created = event('application.created', { application: application({ id: 'app_redis_down' }) });
      expect((await postEvent(baseUrl, created)).status).toBe(200);
    } finally {
      expect(await service.stop()).toEqual({ code: 0, signal: null });
    }
  });

  it('with PostgreSQL unreachable, webhooks answer 503 problem+json with Retry-After within 1.5 s', async () => {
    const closedPort = await freePort();
    const { service, baseUrl } = await startApi(
      { DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/keepwarm`, MIGRATIONS_RUN: 'false' },
      503,
    );
    try {
      expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const started = Date.now();
        const response = await postEvent(
          baseUrl,
          event('application.created', { application: application({ id: `app_pg_down_${attempt}` }) }),
        );
        expect(Date.now() - started).toBeLessThan(1500);
        expect(response.status).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({
          status: 503,
          type: expect.any(String),
          title: expect.any(String),
        });
      }
      const state = await fetch(`${baseUrl}/v1/applications/app_1`, {
        headers: { authorization: `Bearer ${API_TOKEN}` },
      });
      expect(state.status).toBe(503);
    } finally {
      expect(await service.stop()).toEqual({ code: 0, signal: null });
    }
  });

  it('the worker (node dist/worker.js) connects, idles, and exits 0 on SIGTERM within 10 s', async () => {
    const worker = startProcess('worker', baseEnv(await freePort(), { LOG_LEVEL: 'info' }));
    running.push(worker);
    // Connected: its Redis client is visible to Redis under its connection name.
    const deadline = Date.now() + 30_000;
    const { default: IORedis } = await import('ioredis');
    const admin = new IORedis(testRedisUrl());
    try {
      let connected = false;
      while (!connected && Date.now() < deadline) {
        expect(worker.child.exitCode).toBeNull();
        const clients = String(await admin.client('LIST'));
        connected = clients.includes('name=keepwarm-worker');
        if (!connected) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(connected).toBe(true);
    } finally {
      admin.disconnect();
    }
    // Started (its start-up line is out, so its signal handlers are in place), then idle, not crashing.
    while (!worker.stdout().includes('keepwarm worker running') && Date.now() < deadline) {
      expect(worker.child.exitCode).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(worker.stdout()).toContain('keepwarm worker running');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(worker.child.exitCode).toBeNull();
    const started = Date.now();
    expect(await worker.stop('SIGTERM', 15_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('npm start (node dist/all.js) serves HTTP and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const service = startProcess('all', baseEnv(port));
    running.push(service);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${baseUrl}/health/ready`, service, { status: 200 });
    const created = event('application.created', { application: application({ id: 'app_all' }) });
    expect((await postEvent(baseUrl, created)).status).toBe(200);
    const started = Date.now();
    expect(await service.stop('SIGTERM', 20_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('stores accepted events durably before answering', async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ count: string }>(
        `SELECT count(*) FROM event_log WHERE application_id IN ('app_1', 'app_logs', 'app_redis_down', 'app_all')`,
      );
      expect(Number(rows[0].count)).toBe(4);
    } finally {
      await client.end();
    }
  });

  // What an operator sees when a process starts (node dist/main.js, dist/worker.js, dist/all.js and
  // a CLI command that starts Nest), at the default LOG_LEVEL=info: one JSON line saying what the
  // process is and where it listens. Nest's module and route lines are still there, at debug.
  describe('start-up logs', () => {
    // A database of their own: the sweep and the export have nothing to report (no other lines).
    let empty: TestDatabase;
    beforeAll(async () => {
      empty = await createTestDatabase();
    });
    afterAll(async () => {
      await Promise.all(running.map((service) => service.stop('SIGKILL').catch(() => undefined)));
      await empty?.drop();
    });

    function startupEnv(port: number, overrides: Record<string, string> = {}): Record<string, string> {
      return baseEnv(port, {
        DATABASE_URL: empty.url,
        LINK_SIGNING_SECRET: 'startup-link-secret',
        LOG_LEVEL: 'info',
        WORKER_SCHEDULES: 'true',
        ...overrides,
      });
    }

    function lines(text: string): LogLine[] {
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LogLine);
    }

    async function started(service: ServiceProcess, message: RegExp): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (!lines(service.stdout()).some((line) => message.test(line.msg))) {
        if (service.child.exitCode !== null) throw new Error(`exited early:\n${service.stderr()}`);
        if (Date.now() > deadline) throw new Error(`no start-up line:\n${service.stdout()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    /** Starts the process, waits for its start-up line, stops it (exit 0) and answers what it logged. */
    async function run(
      entry: 'main' | 'worker' | 'all',
      overrides: Record<string, string>,
      message: RegExp,
    ): Promise<LogLine[]> {
      const port = await freePort();
      const service = startProcess(entry, startupEnv(port, overrides));
      running.push(service);
      if (entry !== 'worker')
        await waitForHttp(`http://127.0.0.1:${port}/health/ready`, service, { status: 200 });
      await started(service, message);
      // Idle a moment first: a worker stopped while BullMQ still opens its connections can crash
      // (an error BullMQ emits after its listeners are gone), which is not what this test is about.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await service.stop('SIGTERM', 15_000)).toEqual({ code: 0, signal: null });
      expect(service.stderr()).toBe('');
      return lines(service.stdout()).map((line) => ({ ...line, port }));
    }

    it('the API logs one info line with its host and port', async () => {
      const logged = await run('main', {}, /listening/);
      expect(logged).toHaveLength(1);
      const [line] = logged;
      expect(line).toMatchObject({ level: 30, process: 'api', host: '127.0.0.1' });
      expect(line.msg).toBe(`keepwarm API listening on http://127.0.0.1:${line.port}`);
    });

    it("at debug, Nest's module and route lines are there, every one at debug", async () => {
      const logged = await run('main', { LOG_LEVEL: 'debug' }, /listening/);
      const framework = logged.filter((line) =>
        ['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(
          line.context ?? '',
        ),
      );
      expect(framework.length).toBeGreaterThan(40);
      expect(framework.some((line) => /Mapped \{\/webhooks\/events, POST\} route/.test(line.msg))).toBe(true);
      expect(new Set(framework.map((line) => line.level))).toEqual(new Set([20]));
      expect(logged.filter((line) => line.level >= 30)).toHaveLength(1);
    });

    it('the worker logs one info line naming its queues and schedules', async () => {
      const logged = await run('worker', { SWEEP_INTERVAL_MS: '30000' }, /worker running/);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        level: 30,
        process: 'worker',
        queues: ['sweep', 'outbox-relay', 'email', 'digest'],
        schedules: [
          { id: 'sweep', every_ms: 30_000 },
          { id: 'outbox-relay-tick', every_ms: 5000 },
          { id: 'digest-schedule', every_ms: 900_000 },
        ],
        queue_prefix: redis.prefix,
      });
      expect(logged[0].msg).toContain('schedules: sweep every 30 s, outbox-relay-tick every 5 s');
    });

    it('npm start (dist/all.js) logs one info line for the API and the worker together', async () => {
      const logged = await run('all', { WORKER_SCHEDULES: 'false' }, /listening/);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        level: 30,
        process: 'api+worker',
        host: '127.0.0.1',
        // WORKER_SCHEDULES=false: the relay is the only schedule left.
        schedules: [{ id: 'outbox-relay-tick', every_ms: 5000 }],
      });
      expect(logged[0].msg).toMatch(
        /^keepwarm API and worker listening on http:\/\/127\.0\.0\.1:\d+; worker running queues/,
      );
    });

    it('a CLI command that starts Nest logs one info line to standard error, none to standard output', async () => {
      const cli = startProcess('cli', startupEnv(await freePort()), ['export-events']);
      running.push(cli);
      expect(await cli.waitForExit(60_000)).toEqual({ code: 0, signal: null });
      expect(cli.stdout()).toBe('');
      const [json, text] = [
        cli
          .stderr()
          .split('\n')
          .filter((line) => line.startsWith('{')),
        cli
          .stderr()
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('{')),
      ];
      expect(json).toHaveLength(1);
      expect(JSON.parse(json[0])).toMatchObject({
        level: 30,
        process: 'cli',
        command: 'export-events',
        database: empty.name,
      });
      expect(text).toEqual(['exported 0 event(s)']);
    });
  });
});
