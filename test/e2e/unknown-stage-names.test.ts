import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statsAnswer, StatsAnswer } from '../../src/pipeline/stats.api';
import { createTestDatabase, TestDatabase } from '../support/database';
import { application, candidate, event } from '../support/events';
import { createTestPrefix } from '../support/redis';
import { sandboxEnvironment, ServiceProcess, startApiProcess } from '../support/service-process';
import { signCanonical } from '../support/signing';

// A stage name that matches no mapping and carries no kind counts as an interview (docs/rules.md,
// "Stage kinds"). Each process warns once per name, and GET /v1/stats lists the names from
// PostgreSQL: any replica answers the same, and a restart forgets nothing. Real API processes, two of
// them at once on one database, the way replicas run.

const API_TOKEN = 'stats-token';

describe('unknown stage names', () => {
  let database: TestDatabase;
  const redis = createTestPrefix();
  const running: ServiceProcess[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'keepwarm-stage-kinds-'));
  const policyFile = join(folder, 'policy.json');

  beforeAll(async () => {
    database = await createTestDatabase();
    writeFileSync(policyFile, JSON.stringify({ stage_kinds: { 'Portfolio Chat': 'hiring_manager_review' } }));
  });

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL').catch(() => undefined)));
    await database?.drop();
    await redis.clear();
    rmSync(folder, { recursive: true, force: true });
  });

  async function startApi(extra: Record<string, string> = {}) {
    const api = await startApiProcess((port) =>
      sandboxEnvironment({ databaseUrl: database.url, queuePrefix: redis.prefix }, port, {
        API_TOKEN,
        LINK_SIGNING_SECRET: 'stats-link-secret',
        LOG_LEVEL: 'warn',
        ...extra,
      }),
    );
    running.push(api.service);
    return api;
  }

  async function post(baseUrl: string, body: unknown): Promise<void> {
    const signed = signCanonical(body);
    const response = await fetch(`${baseUrl}/webhooks/events`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(response.status).toBe(200);
  }

  function created(id: string, stage: { name: string; kind?: 'offer' }) {
    return event('application.created', {
      application: application({ id, candidate: candidate({ id: `cand_${id}` }) }, stage),
    });
  }

  async function stats(baseUrl: string): Promise<StatsAnswer> {
    const response = await fetch(`${baseUrl}/v1/stats`, {
      headers: { authorization: `Bearer ${API_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return statsAnswer.parse(await response.json());
  }

  /** A process writes its sightings just after the delivery's commit, so another replica may need a moment. */
  async function statsOnceThey(
    baseUrl: string,
    hold: (answer: StatsAnswer) => boolean,
  ): Promise<StatsAnswer> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const answer = await stats(baseUrl);
      if (hold(answer) || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  function warnings(service: ServiceProcess): string[] {
    return service
      .stdout()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { level: number; stage_name?: string })
      .filter((line) => line.level === 40 && line.stage_name !== undefined)
      .map((line) => line.stage_name!);
  }

  it('warns once per name per process and lists the names, from PostgreSQL, on every replica and after a restart', async () => {
    const [first, second] = await Promise.all([startApi(), startApi()]);
    const started = new Date();

    await post(first.baseUrl, created('app_a1', { name: 'Assessment' }));
    await post(first.baseUrl, created('app_a2', { name: 'Assessment' }));
    await post(first.baseUrl, created('app_p1', { name: 'Portfolio Chat' }));
    // Not unknown: an explicit kind wins, and "Onsite" is a built-in name.
    await post(first.baseUrl, created('app_k1', { name: 'Assessment', kind: 'offer' }));
    await post(first.baseUrl, created('app_o1', { name: 'Onsite' }));
    // Moved on, or closed: no longer in the stage.
    await post(first.baseUrl, created('app_a3', { name: 'Assessment' }));
    await post(
      first.baseUrl,
      event('application.stage_changed', {
        application: application(
          { id: 'app_a3', candidate: candidate({ id: 'cand_app_a3' }) },
          { name: 'Offer' },
        ),
      }),
    );
    await post(first.baseUrl, created('app_a4', { name: 'Assessment' }));
    await post(first.baseUrl, event('application.rejected', { application_id: 'app_a4' }));

    // The other replica, which has seen none of it, answers from PostgreSQL.
    const listed = await statsOnceThey(second.baseUrl, (answer) => answer.unknown_stage_names.length === 2);
    expect(
      listed.unknown_stage_names.map(({ name, applications }) => ({ name, applications })).sort(byName),
    ).toEqual([
      { name: 'Assessment', applications: 2 },
      { name: 'Portfolio Chat', applications: 1 },
    ]);
    for (const row of listed.unknown_stage_names) {
      expect(Date.parse(row.first_seen_at)).toBeGreaterThanOrEqual(started.getTime() - 1000);
      expect(Date.parse(row.last_seen_at)).toBeGreaterThanOrEqual(Date.parse(row.first_seen_at));
    }
    const assessment = listed.unknown_stage_names.find((row) => row.name === 'Assessment')!;

    // The second replica sees the name later: its sighting moves last_seen_at, never first_seen_at.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await post(second.baseUrl, created('app_a5', { name: 'Assessment' }));
    const assessmentOn = (answer: StatsAnswer) =>
      answer.unknown_stage_names.find((row) => row.name === 'Assessment')!;
    const later = assessmentOn(
      await statsOnceThey(
        first.baseUrl,
        (answer) => assessmentOn(answer).last_seen_at !== assessment.last_seen_at,
      ),
    );
    expect(later.first_seen_at).toBe(assessment.first_seen_at);
    expect(Date.parse(later.last_seen_at)).toBeGreaterThan(Date.parse(assessment.last_seen_at));
    expect(later.applications).toBe(3);

    // One warning per name per process, with the name only.
    expect(warnings(first.service).sort()).toEqual(['Assessment', 'Portfolio Chat']);
    expect(warnings(second.service)).toEqual(['Assessment']);
    expect(first.service.stdout()).not.toContain('casey@example.com');

    await Promise.all([first.service.stop(), second.service.stop()]);

    // A restart with a policy that now maps one of them: the other is still listed, from PostgreSQL.
    const restarted = await startApi({ POLICY_FILE: policyFile });
    const after = await stats(restarted.baseUrl);
    expect(after.unknown_stage_names.map((row) => row.name)).toEqual(['Assessment']);
    expect(after.unknown_stage_names[0]).toEqual(later);
  });

  it('is behind the bearer token, like every /v1 route', async () => {
    const { baseUrl } = await startApi();
    const response = await fetch(`${baseUrl}/v1/stats`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}
