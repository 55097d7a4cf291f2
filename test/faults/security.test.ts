import { application, event, job } from '../support/events';
import {
  getApi,
  postApi,
  postCanonical,
  request,
  serviceEnvironment,
  TimedResponse,
} from '../support/faults/http';
import { freePort } from '../support/faults/ports';
import { anyTimePolicyFile } from '../support/faults/policy';
import { PrivatePostgres } from '../support/faults/private-postgres';
import { PrivateRedis } from '../support/faults/private-redis';
import { ServiceProcess, startApiProcess } from '../support/faults/service-process';
import { signCanonical } from '../support/signing';

// docs/architecture.md, "Reliability rules" and docs/contract.md: replays are deduplicated, tokens are required in
// production and never logged, rate limits answer 429 problem+json, personal data stays out of the
// logs, and candidate.deleted leaves none of a candidate's personal data in any table.

const distinctiveToken = 'tok_SecurityFaultTest_9f8e7d6c5b4a';
const person = {
  name: 'Zebulon Quixotefield',
  email: 'zebulon.quixotefield@private-mail.example',
  agencyName: 'Wolfram Headhunters Quux',
  agencyEmail: 'recruit@wolfram-quux.example',
};

describe('security', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let api: ServiceProcess | undefined;
  let baseUrl: string;
  let env: Record<string, string>;
  const others: ServiceProcess[] = [];

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    env = await serviceEnvironment(
      { databaseUrl: postgres.url('keepwarm'), redisUrl: redis.url },
      { LOG_LEVEL: 'debug', API_TOKEN: distinctiveToken, POLICY_FILE: anyTimePolicyFile() },
    );
    ({ process: api, baseUrl } = await startApiProcess(env, 'main', 'api'));
  });

  afterAll(async () => {
    await Promise.allSettled([api, ...others].map((service) => service?.stop('SIGKILL')));
    await Promise.allSettled([postgres?.destroy(), redis?.destroy()]);
  });

  const candidateId = 'cand_erase';
  const applicationId = 'app_erase';

  function erasable() {
    return application({
      id: applicationId,
      candidate: {
        id: candidateId,
        name: person.name,
        email: person.email,
        timezone: 'UTC',
        source: { kind: 'agency', agency_name: person.agencyName, agency_email: person.agencyEmail },
      },
      job: job({ id: 'job_erase' }),
    });
  }

  it('deduplicates a replayed delivery (same webhook id, same signed body)', async () => {
    const created = event('application.created', { application: application({ id: 'app_replay' }) });
    const signed = signCanonical(created);
    const first = await request(`${baseUrl}/webhooks/events`, { method: 'POST', ...signed });
    const replay = await request(`${baseUrl}/webhooks/events`, { method: 'POST', ...signed });
    expect(first.json()).toEqual({ status: 'accepted', events: 1 });
    expect(replay.status).toBe(200);
    expect(replay.json()).toEqual({ status: 'duplicate' });
    // The same event id under a new webhook id and signature is the same event: still a duplicate.
    const resent = await postCanonical(baseUrl, created);
    expect(resent.json()).toEqual({ status: 'duplicate' });
    // A replay outside the timestamp tolerance is refused outright.
    const stale = await postCanonical(baseUrl, created, { timestamp: new Date(Date.now() - 10 * 60_000) });
    expect(stale.status).toBe(401);
  });

  it('requires the bearer token on /v1/* and compares it exactly', async () => {
    expect((await request(`${baseUrl}/v1/applications/app_replay`)).status).toBe(401);
    expect((await getApi(baseUrl, '/v1/applications/app_replay', `${distinctiveToken}x`)).status).toBe(401);
    expect((await getApi(baseUrl, '/v1/applications/app_replay', distinctiveToken.slice(0, -1))).status).toBe(
      401,
    );
    expect((await getApi(baseUrl, '/v1/applications/app_replay', distinctiveToken)).status).toBe(200);
    // Tokens in a query string must not end up in logs either.
    await request(`${baseUrl}/v1/applications/app_replay?access_token=${distinctiveToken}`);
  });

  it('refuses to start in production without API_TOKEN (or LINK_SIGNING_SECRET), naming the variable', async () => {
    for (const entrypoint of ['main', 'worker'] as const) {
      const production = new ServiceProcess(
        entrypoint,
        { ...env, NODE_ENV: 'production', API_TOKEN: '', PORT: String(await freePort()) },
        [],
        `${entrypoint}-production`,
      );
      others.push(production);
      const exit = await production.waitForExit(20_000);
      expect(exit.code).not.toBe(0);
      expect(production.output()).toMatch(/API_TOKEN/);
    }
  });

  it('erases every trace of a deleted candidate from every table', async () => {
    const applied = new Date(Date.now() - 30 * 24 * 3600_000);
    expect(
      (await postCanonical(baseUrl, event('application.created', { application: erasable() }, applied)))
        .status,
    ).toBe(200);
    await postCanonical(
      baseUrl,
      event(
        'candidate.contacted',
        { application_id: applicationId, direction: 'inbound', channel: 'email' },
        applied,
      ),
    );
    await postCanonical(
      baseUrl,
      event('candidate.updated', {
        candidate: { ...erasable().candidate, email: `new.${person.email}` },
      }),
    );
    // An authentic but invalid payload about them lands in quarantine, raw body and all.
    const invalid = await postCanonical(baseUrl, {
      id: 'evt_bad_erase',
      type: 'application.created',
      occurred_at: 'yesterday',
      data: { application: { ...erasable(), stage: 42 } },
    });
    expect(invalid.status).toBe(400);
    // A sweep raises flags and writes notifications (keep-warm to the agency contact).
    expect((await postApi(baseUrl, '/v1/scans', {}, distinctiveToken)).status).toBe(200);
    const needles = [
      person.name,
      person.email,
      person.agencyName,
      person.agencyEmail,
      'Quixotefield',
      'zebulon',
    ];
    const before = await findPersonalData(postgres, needles);
    expect(before.length).toBeGreaterThan(0);

    const deleted = await postCanonical(baseUrl, event('candidate.deleted', { candidate_id: candidateId }));
    expect(deleted.status).toBe(200);
    expect(await findPersonalData(postgres, needles)).toEqual([]);

    // A later event about the erased candidate is stored redacted (the tombstone).
    const late = await postCanonical(
      baseUrl,
      event('application.stage_changed', {
        application: { ...erasable(), stage: { name: 'Onsite', kind: 'interview' } },
      }),
    );
    expect(late.status).toBe(200);
    await postApi(baseUrl, '/v1/scans', {}, distinctiveToken);
    expect(await findPersonalData(postgres, needles)).toEqual([]);
  });

  it('rate-limits /webhooks/* and /v1/* with 429 problem+json and Retry-After', async () => {
    const limited = await startApiProcess(
      {
        ...env,
        PORT: String(await freePort()),
        WEBHOOK_RATE_LIMIT: '5',
        API_RATE_LIMIT: '5',
        MIGRATIONS_RUN: 'false',
      },
      'main',
      'api-limited',
    );
    others.push(limited.process);
    const webhookStatuses: number[] = [];
    let limitedWebhook: TimedResponse | undefined;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const response = await postCanonical(
        limited.baseUrl,
        event('application.created', { application: application({ id: `app_rl_${attempt}` }) }),
      );
      webhookStatuses.push(response.status);
      if (response.status === 429) limitedWebhook = response;
    }
    expect(webhookStatuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(webhookStatuses.slice(5)).toEqual([429, 429, 429]);
    expect(limitedWebhook?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limitedWebhook?.headers.get('retry-after'))).toBeGreaterThan(0);

    const apiStatuses: number[] = [];
    let limitedApi: TimedResponse | undefined;
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const response = await getApi(limited.baseUrl, '/v1/applications/app_rl_0', distinctiveToken);
      apiStatuses.push(response.status);
      if (response.status === 429) limitedApi = response;
    }
    expect(apiStatuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(apiStatuses.slice(5)).toEqual([429, 429]);
    expect(limitedApi?.json()).toMatchObject({ status: 429 });
    expect(Number(limitedApi?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Health and metrics are not rate-limited: probes keep working.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await request(`${limited.baseUrl}/health/live`)).status).toBe(200);
    }
    await limited.process.stop('SIGTERM');
  });

  it('never logs the API token or personal data, even at debug level', () => {
    const everything = [api, ...others].map((service) => service?.output() ?? '').join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(distinctiveToken);
    for (const needle of [person.name, person.email, person.agencyName, person.agencyEmail, 'Quixotefield']) {
      expect(everything.toLowerCase()).not.toContain(needle.toLowerCase());
    }
  });
});

/** Every text, varchar and jsonb column of every table, searched for any of the needles (case-insensitive). */
async function findPersonalData(postgres: PrivatePostgres, needles: string[]): Promise<string[]> {
  const columns = await postgres.query<{ table_name: string; column_name: string; data_type: string }>(
    'keepwarm',
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`,
  );
  expect(columns.length).toBeGreaterThan(10);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await postgres.query<{ value: string }>(
      'keepwarm',
      `SELECT "${column}"::text AS value FROM "${table}" WHERE "${column}" IS NOT NULL`,
    );
    for (const { value } of rows) {
      const lower = value.toLowerCase();
      // jsonb renders non-ASCII as is; raw bodies may hold \\u escapes: compare both.
      for (const needle of needles) {
        if (lower.includes(needle.toLowerCase())) found.push(`${table}.${column}: ${needle}`);
      }
    }
  }
  return [...new Set(found)];
}
