import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { readHistory } from '../../src/backtest/history';
import { generatePipeline } from '../../src/demo/generator';
import { adminDatabaseUrl, databaseUrl } from '../support/environment';
import { freshDatabaseName } from '../support/database';
import { application, candidate, event, job } from '../support/events';
import { NotificationHarness, startNotificationHarness } from '../support/notification-harness';
import { distEntry, repositoryRoot } from '../support/service-process';
import { fixtureFiles, fixtureText, GREENHOUSE_SECRET, signGreenhouse } from './vendor-signing';

// `export-events | import` into an empty database reproduces the projection: a rich history goes in
// through the API (canonical webhooks from the demo's generator, Greenhouse webhooks, recruiter
// actions, keep-warm updates sent by a worker, an erasure), the built CLI exports it and imports it
// into a fresh database, and every projection table is compared row by row, sources included.

// Columns that record when keepwarm did something rather than what the events say, which an import
// does anew: compared for presence only (erasure and opt-out), or not at all (bookkeeping, the next
// sweep). An erased candidate's row is a tombstone written at the erasure, as_of included.
const comparedAs: Record<string, string> = {
  erased_at: '(erased_at IS NOT NULL) AS erased_at',
  opted_out_at: '(opted_out_at IS NOT NULL) AS opted_out_at',
};
const comparedAsIn: Record<string, Record<string, string>> = {
  candidates: { as_of: 'CASE WHEN erased_at IS NULL THEN as_of END AS as_of' },
};
const notCompared = new Set(['updated_at', 'next_evaluation_at']);
const projectionTables: Record<string, string> = {
  people: 'id',
  candidates: 'id',
  jobs: 'id',
  applications: 'id',
  interviews: 'application_id, id',
  feedback_periods: 'application_id, started_at',
};

async function withDatabase<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function projection(url: string): Promise<Record<string, unknown[]>> {
  return withDatabase(url, async (client) => {
    const tables: Record<string, unknown[]> = {};
    for (const [table, order] of Object.entries(projectionTables)) {
      const { rows: columns } = await client.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const selected = columns
        .map(({ column_name: name }) => name)
        .filter((name) => !notCompared.has(name))
        .map((name) => comparedAsIn[table]?.[name] ?? comparedAs[name] ?? name);
      tables[table] = (
        await client.query(`SELECT ${selected.join(', ')} FROM ${table} ORDER BY ${order}`)
      ).rows;
    }
    return tables;
  });
}

function cli(args: string[], database: string) {
  return spawnSync(process.execPath, [distEntry('cli'), ...args], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: database, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('export-events | import', () => {
  const folder = mkdtempSync(join(tmpdir(), 'keepwarm-round-trip-'));
  const imported = freshDatabaseName();
  let harness: NotificationHarness;

  beforeAll(async () => {
    const policyFile = join(folder, 'policy.json');
    // Keep-warm updates may go out at any hour, so that the worker sends some now.
    writeFileSync(
      policyFile,
      JSON.stringify({ send_window: { start: '00:00', end: '24:00', business_days_only: false } }),
    );
    harness = await startNotificationHarness({ POLICY_FILE: policyFile, GREENHOUSE_SECRET });
  });

  afterAll(async () => {
    await harness?.close();
    await withDatabase(adminDatabaseUrl(), (client) =>
      client.query(`DROP DATABASE IF EXISTS "${imported}" WITH (FORCE)`),
    );
    rmSync(folder, { recursive: true, force: true });
  });

  async function request(url: string, status: number, body?: object): Promise<void> {
    const response = await harness.api.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect({ url, status: response.status }).toEqual({ url, status });
  }

  async function seedHistory(): Promise<void> {
    const now = new Date();
    const generated = generatePipeline({
      seed: 7,
      applications: 40,
      start: new Date(now.getTime() - 42 * 24 * 3600 * 1000),
      idPrefix: 'rt_',
      until: now,
    });
    for (const generatedEvent of generated) await harness.post(generatedEvent);

    // What the generator leaves out: job and candidate updates, cancellations, hires, withdrawals,
    // a stage name that matches nothing, an event before its application, and an erasure.
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 24 * 3600 * 1000);
    const team = job({ id: 'job_rt_extra', title: 'Data Engineer' });
    const app = (id: string, stage?: { name: string; kind?: 'interview' }) =>
      application({ id, job: team, candidate: candidate({ id: `cand_${id}` }) }, stage);
    await harness.post(
      event(
        'interview.scheduled',
        { application_id: 'rt_x1', interview: { id: 'iv_1', starts_at: at(5).toISOString() } },
        at(9),
      ),
    );
    await harness.post(
      event('application.created', { application: app('rt_x1', { name: 'Assessment' }) }, at(10)),
    );
    await harness.post(
      event('interview.cancelled', { application_id: 'rt_x1', interview: { id: 'iv_1' } }, at(8)),
    );
    await harness.post(
      event(
        'candidate.updated',
        { candidate: candidate({ id: 'cand_rt_x1', timezone: 'Europe/Berlin', country: 'DE' }) },
        at(7),
      ),
    );
    await harness.post(event('application.created', { application: app('rt_x2') }, at(10)));
    await harness.post(event('application.hired', { application_id: 'rt_x2' }, at(3)));
    await harness.post(event('application.created', { application: app('rt_x3') }, at(10)));
    await harness.post(event('application.withdrawn', { application_id: 'rt_x3' }, at(2)));
    await harness.post(event('application.created', { application: app('rt_x4') }, at(10)));
    await harness.post(event('candidate.deleted', { candidate_id: 'cand_rt_x4' }, at(1)));
    await harness.post(event('job.updated', { job: { ...team, status: 'on_hold' } }, at(1)));

    // A vendor's own webhooks: their applications keep the vendor as source.
    for (const file of fixtureFiles('greenhouse')) {
      const delivery = signGreenhouse(fixtureText('greenhouse', file), { secret: GREENHOUSE_SECRET });
      const response = await harness.api.request({ method: 'POST', ...delivery });
      expect({ file, status: response.status }).toEqual({ file, status: 200 });
    }

    // keepwarm's own records: recruiters' actions that are contact, and keep-warm updates sent.
    await request('/v1/scans', 200);
    const [{ id: silent }] = await harness.query<{ id: string }>(
      `SELECT id FROM applications WHERE status = 'active' AND source = 'canonical' ORDER BY id LIMIT 1`,
    );
    await request(`/v1/applications/${silent}/actions`, 201, { kind: 'candidate_updated' });
    await request(`/v1/applications/rt_x1/actions`, 201, { kind: 'scheduled' });
    await harness.startWorker({ OUTBOX_RELAY_INTERVAL_MS: '200' });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const [{ sent, recorded, waiting }] = await harness.query<{
        sent: number;
        recorded: number;
        waiting: number;
      }>(
        `SELECT (SELECT count(*)::int FROM notifications WHERE kind = 'keep_warm' AND status = 'sent') AS sent,
                (SELECT count(*)::int FROM event_log WHERE type = 'keepwarm.update_sent') AS recorded,
                (SELECT count(*)::int FROM notifications WHERE status IN ('pending', 'queued') AND scheduled_for <= now()) AS waiting`,
      );
      if (sent > 0 && sent === recorded && waiting === 0) break;
      if (Date.now() > deadline)
        throw new Error(`keep-warm updates not sent: ${sent} sent, ${recorded} recorded, ${waiting} waiting`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('reproduces every projection table, sources included, in an empty database', async () => {
    await seedHistory();
    const original = await projection(harness.api.database.url);
    const sources = await harness.query<{ source: string; type: string }>(
      `SELECT DISTINCT source, type FROM event_log WHERE source IN ('keepwarm', 'greenhouse') ORDER BY 1, 2`,
    );
    // The history holds what makes a round trip hard.
    expect(sources).toEqual(
      expect.arrayContaining([
        { source: 'keepwarm', type: 'keepwarm.update_sent' },
        { source: 'keepwarm', type: 'candidate.contacted' },
        { source: 'greenhouse', type: 'application.created' },
      ]),
    );
    expect(new Set((original.applications as Array<{ source: string }>).map((row) => row.source))).toEqual(
      new Set(['canonical', 'greenhouse']),
    );
    expect((original.candidates as Array<{ erased_at: boolean }>).some((row) => row.erased_at)).toBe(true);

    const file = join(folder, 'export.ndjson');
    const exported = cli(['export-events', '--out', file], harness.api.database.url);
    expect(exported.status).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const [{ count }] = await harness.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM event_log',
    );
    expect(lines).toHaveLength(count);
    expect(exported.stderr).toContain(`exported ${count} event(s)`);

    const loaded = cli(['import', file], databaseUrl(imported));
    expect(loaded.stderr).not.toMatch(/line \d+:/);
    expect(loaded.stdout).toBe(`imported ${count} event(s), 0 already known, 0 invalid\n`);
    expect(loaded.status).toBe(0);

    const copy = await projection(databaseUrl(imported));
    for (const table of Object.keys(projectionTables)) {
      expect({ table, rows: copy[table].length }).toEqual({ table, rows: original[table].length });
      expect(copy[table]).toEqual(original[table]);
    }

    // The same file again changes nothing: every event is already known.
    const again = cli(['import', file], databaseUrl(imported));
    expect(again.stdout).toBe(`imported 0 event(s), ${count} already known, 0 invalid\n`);
    expect(await projection(databaseUrl(imported))).toEqual(copy);

    // The backtest still reads an export: keepwarm's own updates left out, everything else replayed.
    const history = await readHistory(file);
    const ownUpdates = lines.filter((line) => line.includes('"keepwarm.update_sent"')).length;
    expect(ownUpdates).toBeGreaterThan(0);
    expect(history.entries).toHaveLength(count - ownUpdates);
    expect(history.problems).toEqual([]);
  });
});
