import { Client } from 'pg';
import { generatePipeline, GeneratedEvent, SeededRandom } from '../../src/demo/generator';
import { signCanonical } from '../support/signing';
import { startTestApi, TestApi } from '../support/test-app';

// Concurrent deliveries are stored together (group commit). A burst posted all at once, out of
// order and with redeliveries inside it, must end exactly where a one-at-a-time replay ends, and
// every redelivered id must be accepted once and answered duplicate once.

const snapshotQueries: Record<string, string> = {
  applications: `SELECT id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at, url, applied_at,
      closed_at, last_outbound_contact_at, last_human_outbound_contact_at, last_inbound_contact_at,
      oldest_unanswered_inbound_at, awaiting_feedback_since, update_promised_at, update_promised_by,
      competing_offer_deadline, scheduling_clock_since, scheduled_interviews_in_stage, reschedules_in_stage, last_event_at
    FROM applications ORDER BY id`,
  interviews: `SELECT application_id, id, stage_name, status, starts_at, ends_at, reschedule_count FROM interviews ORDER BY application_id, id`,
  feedback_periods: `SELECT application_id, started_at, hiring_manager_id, ended_at, ended_by FROM feedback_periods ORDER BY application_id, started_at`,
  people: `SELECT id, name, email, timezone, country, as_of FROM people ORDER BY id`,
  // Not status_changed_at: a job first seen through a later snapshot dates its status from that
  // snapshot (older ones never override it), so it depends on arrival order, batched or not.
  jobs: `SELECT id, title, status, recruiter_id, hiring_manager_id, as_of FROM jobs ORDER BY id`,
  candidates: `SELECT id, name, email, timezone, country, source_kind, agency_name, agency_email, can_email, as_of, erased_at
    FROM candidates ORDER BY id`,
  event_log: `SELECT source, event_id, type, occurred_at, application_id, candidate_id, job_id, payload FROM event_log ORDER BY source, event_id`,
};

async function snapshot(api: TestApi): Promise<Record<string, unknown[]>> {
  const client = new Client({ connectionString: api.database.url });
  await client.connect();
  try {
    const result: Record<string, unknown[]> = {};
    for (const [table, query] of Object.entries(snapshotQueries))
      result[table] = (await client.query(query)).rows;
    return result;
  } finally {
    await client.end();
  }
}

async function post(api: TestApi, body: GeneratedEvent) {
  const signed = signCanonical(body);
  const response = await api.request({
    method: 'POST',
    url: '/webhooks/events',
    headers: signed.headers,
    body: signed.body,
  });
  return { status: response.status, body: response.json<{ status: string; events?: number }>() };
}

describe('concurrent ingestion (group commit)', () => {
  let concurrent: TestApi;
  let sequential: TestApi;

  beforeAll(async () => {
    [concurrent, sequential] = await Promise.all([startTestApi(), startTestApi()]);
  });

  afterAll(async () => {
    await Promise.all([concurrent?.close(), sequential?.close()]);
  });

  it('a burst of 200 deliveries, out of order with redeliveries, ends where a sequential replay ends', async () => {
    const events = generatePipeline({
      seed: 23,
      applications: 26,
      start: new Date('2026-10-01T08:00:00Z'),
    }).slice(0, 180);
    expect(events).toHaveLength(180);
    const applicationOf = (event: GeneratedEvent) =>
      (event.data.application as { id?: string } | undefined)?.id ??
      (event.data.application_id as string | undefined);
    const applications = new Set(events.map(applicationOf).filter((id) => id !== undefined));
    expect(applications.size).toBeGreaterThanOrEqual(18);

    // Out of order: a seeded shuffle; 20 of the events are delivered twice within the same burst.
    const random = new SeededRandom(99);
    const redelivered = events.filter((_, index) => index % 9 === 4).slice(0, 20);
    const burst = [...events, ...redelivered];
    for (let i = burst.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random.next() * (i + 1));
      [burst[i], burst[j]] = [burst[j], burst[i]];
    }
    expect(burst).toHaveLength(200);

    const answers = await Promise.all(burst.map((event) => post(concurrent, event)));
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);

    const byId = new Map<string, string[]>();
    burst.forEach((event, index) => {
      const list = byId.get(event.id) ?? [];
      list.push(answers[index].body.status);
      byId.set(event.id, list);
    });
    const redeliveredIds = new Set(redelivered.map((event) => event.id));
    for (const [id, statuses] of byId) {
      if (redeliveredIds.has(id)) expect([id, [...statuses].sort()]).toEqual([id, ['accepted', 'duplicate']]);
      else expect([id, statuses]).toEqual([id, ['accepted']]);
    }

    for (const event of events) {
      const answer = await post(sequential, event);
      expect(answer.body).toEqual({ status: 'accepted', events: 1 });
    }

    const [after, expected] = await Promise.all([snapshot(concurrent), snapshot(sequential)]);
    expect(after.event_log).toHaveLength(180);
    expect(after.applications.length).toBeGreaterThanOrEqual(15);
    for (const table of Object.keys(snapshotQueries))
      expect([table, after[table]]).toEqual([table, expected[table]]);
  });
});
