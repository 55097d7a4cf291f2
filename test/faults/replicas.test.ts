import { postApi, serviceEnvironment } from '../support/faults/http';
import { startFaultSmtpServer, FaultSmtpServer } from '../support/faults/fault-smtp';
import { freePort, sleep, waitFor } from '../support/faults/ports';
import { anyTimePolicyFile } from '../support/faults/policy';
import { PrivatePostgres } from '../support/faults/private-postgres';
import { PrivateRedis } from '../support/faults/private-redis';
import { seedSilentApplications, shedRetries, waitForStatuses } from '../support/faults/scenario';
import { ServiceProcess, startApiProcess, startWorkerProcess } from '../support/faults/service-process';

// docs/architecture.md, "Scale": several replicas of every process on one PostgreSQL and one Redis prefix.
// Real processes: two APIs started together on an empty database, two workers with schedules on.

describe('two API and two worker replicas', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let smtp: FaultSmtpServer;
  const services: ServiceProcess[] = [];
  const baseUrls: string[] = [];
  let env: Record<string, string>;
  const sweepIntervalMs = 1000;

  beforeAll(async () => {
    [postgres, redis, smtp] = await Promise.all([
      PrivatePostgres.start(),
      PrivateRedis.start(),
      startFaultSmtpServer(),
    ]);
    env = await serviceEnvironment(
      { databaseUrl: postgres.url('keepwarm'), redisUrl: redis.url },
      {
        POLICY_FILE: anyTimePolicyFile(),
        SMTP_URL: smtp.url,
        SWEEP_INTERVAL_MS: String(sweepIntervalMs),
        OUTBOX_RELAY_INTERVAL_MS: '300',
        EMAIL_BACKOFF_MS: '200',
      },
    );
    // Both APIs at once, on a database that does not exist yet: one creates and migrates it.
    const apis = await Promise.all(
      ['api-1', 'api-2'].map(async (label) =>
        startApiProcess({ ...env, PORT: String(await freePort()) }, 'main', label),
      ),
    );
    for (const api of apis) {
      services.push(api.process);
      baseUrls.push(api.baseUrl);
    }
    services.push(
      ...(await Promise.all(['worker-1', 'worker-2'].map((label) => startWorkerProcess(env, label)))),
    );
  });

  afterAll(async () => {
    process.stdout.write(`replicas: ${shedRetries.count} webhook deliveries shed with 503 and retried\n`);
    await Promise.allSettled(services.map((service) => service.stop('SIGKILL')));
    await Promise.allSettled([postgres?.destroy(), redis?.destroy(), smtp?.close()]);
  });

  it('migrates once', async () => {
    const rows = await postgres.query<{ name: string; count: string }>(
      'keepwarm',
      'SELECT name, count(*) FROM migrations GROUP BY name',
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Number(row.count)).toBe(1);
  });

  it('ticks each schedule once across replicas', async () => {
    const schedulers = await redis.withClient(async (client) => {
      const keys = await client.keys(`${env.QUEUE_PREFIX}:*:repeat`);
      return Promise.all(keys.map(async (key) => [key, await client.zcard(key)] as const));
    });
    expect(schedulers.length).toBeGreaterThan(0);
    for (const [, count] of schedulers) expect(count).toBe(1);

    const sweepsDone = () =>
      redis.withClient((client) => client.zcard(`${env.QUEUE_PREFIX}:sweep:completed`));
    const before = await sweepsDone();
    const windowMs = 6000;
    await sleep(windowMs);
    const ticks = (await sweepsDone()) - before;
    process.stdout.write(
      `replicas: ${ticks} sweep ticks in ${windowMs} ms at a ${sweepIntervalMs} ms interval\n`,
    );
    expect(ticks).toBeGreaterThan(0);
    expect(ticks).toBeLessThanOrEqual(windowMs / sweepIntervalMs + 1);
  });

  it('sends each notification once', async () => {
    await Promise.all([
      seedSilentApplications(baseUrls[0], 'ra', 15),
      seedSilentApplications(baseUrls[1], 'rb', 15),
    ]);
    await waitForStatuses(postgres, 'ra', { sent: 15 }, 60_000);
    await waitForStatuses(postgres, 'rb', { sent: 15 }, 60_000);
    await sleep(1500);
    const sent = [...smtp.acknowledgedFor('ra.'), ...smtp.acknowledgedFor('rb.')];
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
  });

  it('sends each digest once, however many replicas are asked', async () => {
    const answers = await Promise.all(
      [...baseUrls, ...baseUrls].map((baseUrl) => postApi(baseUrl, '/v1/digests', { recruiter_id: 'rec_1' })),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    const totals = answers.map((answer) => answer.json<{ queued: number; skipped: number }>());
    const queued = totals.reduce((sum, total) => sum + total.queued, 0);
    const skipped = totals.reduce((sum, total) => sum + total.skipped, 0);
    // Stored once per recruiter and date: queued, or skipped when empty, by exactly one of the calls.
    expect(queued + skipped).toBe(1);
    if (queued === 1) {
      await waitFor('the digest email', () => smtp.acknowledgedFor('riley@example.com').length >= 1, 30_000);
    }
    await sleep(2000);
    expect(smtp.acknowledgedFor('riley@example.com')).toHaveLength(queued);
    for (const service of services) expect(service.alive).toBe(true);
  });
});
