import { BacktestReplay, type HistoryEntry } from '../../src/backtest/backtest-replay';
import { parseCanonicalEvent } from '../../src/canonical/canonical-event.schema';
import { generatePipeline } from '../../src/demo/generator';
import { loadPolicy } from '../../src/config/policy-file';
import { flagKinds } from '../../src/policy';
import { application, candidate, event, job } from '../support/events';
import {
  replayThroughService,
  type FlagOutcome,
  type NotificationOutcome,
  type ReplayOutcome,
} from '../support/service-replay';

// The in-memory backtest and the real service agree on the same history: the service driven
// through ingestion, the sweep, the planner, the relay and the email processor on PostgreSQL and
// Redis (test/support/service-replay.ts), the backtest in memory, both under the same simulated
// clock. Every flag opened (kind, cause, when), every notification (kind, recipient, status, reason,
// scheduled and sent instants, deferral) and every application's next evaluation must be the same.
//
// The history: six weeks of a seeded 40-application pipeline (every flag kind, sends, caps, gaps,
// closures) and a few hand-made applications for what it lacks: a vendor-fed candidate, one who
// opted out, an agency without an address, a hiring manager without one, and an erasure while an
// update waits for the morning.

const now = new Date('2026-11-16T12:00:00Z');
const dayMs = 86_400_000;

function history(): HistoryEntry[] {
  const generated = generatePipeline({
    seed: 20261116,
    applications: 40,
    start: new Date(now.getTime() - 42 * dayMs),
    arrivalSpreadDays: 35,
    until: now,
  }).map((body) => ({ source: 'canonical', body }));
  const created = (
    id: string,
    at: string,
    overrides: Record<string, unknown> = {},
    stage?: { name: string; kind: 'hiring_manager_review' },
  ) =>
    event('application.created', { application: application({ id, ...overrides }, stage) }, at, `evt_${id}`);
  const extras = [
    // Vendor-fed: silent, but keep_warm.sources is canonical only.
    {
      source: 'greenhouse',
      body: created('x_vendor', '2026-10-06T14:00:00Z', {
        candidate: candidate({ id: 'c_vendor' }),
        job: job({ id: 'x_job_vendor' }),
      }),
    },
    {
      source: 'canonical',
      body: created('x_optout', '2026-10-06T14:00:00Z', {
        candidate: candidate({ id: 'c_optout', can_email: false }),
        job: job({ id: 'x_job_optout' }),
      }),
    },
    {
      source: 'canonical',
      body: created('x_agency', '2026-10-06T14:00:00Z', {
        candidate: candidate({ id: 'c_agency', source: { kind: 'agency', agency_name: 'Quiet Ltd' } }),
        job: job({ id: 'x_job_agency' }),
      }),
    },
    {
      source: 'canonical',
      body: created(
        'x_manager',
        '2026-10-20T14:00:00Z',
        {
          candidate: candidate({ id: 'c_manager' }),
          job: job({
            id: 'x_job_manager',
            hiring_manager: {
              id: 'hm_no_mail',
              name: 'No Mail',
              timezone: 'America/New_York',
              country: 'US',
            },
          }),
        },
        { name: 'Hiring Manager Review', kind: 'hiring_manager_review' },
      ),
    },
    // Silent from Tuesday 18:00 New York: flagged a week later at 18:00, its update waits for 09:00 and is erased first.
    {
      source: 'canonical',
      body: created('x_erased', '2026-10-20T22:00:00Z', {
        candidate: candidate({ id: 'c_erased' }),
        job: job({ id: 'x_job_erased' }),
      }),
    },
    {
      source: 'canonical',
      body: event('candidate.deleted', { candidate_id: 'c_erased' }, '2026-10-28T02:00:00Z', 'evt_x_erasure'),
    },
  ];
  return [...generated, ...extras]
    .map(({ source, body }, index) => {
      const parsed = parseCanonicalEvent(body);
      if (parsed.kind !== 'event') throw new Error(`not a canonical event: ${JSON.stringify(body)}`);
      return { entry: { source, at: new Date(parsed.event.occurred_at), event: parsed.event }, index };
    })
    .sort((a, b) => a.entry.at.getTime() - b.entry.at.getTime() || a.index - b.index)
    .map(({ entry }) => entry);
}

const sorted = <T>(rows: readonly T[]): T[] =>
  rows
    .map((row) => JSON.stringify(row))
    .sort()
    .map((text) => JSON.parse(text) as T);

async function replayInMemory(entries: readonly HistoryEntry[], until: Date): Promise<ReplayOutcome> {
  const replay = new BacktestReplay(loadPolicy(undefined), 500);
  const totals = await replay.replay(entries, until);
  return {
    flags: replay.flags.flags().map((flag): FlagOutcome => ({
      applicationId: flag.applicationId,
      kind: flag.kind,
      cause: flag.cause,
      raisedAt: flag.raisedAt.toISOString(),
    })),
    notifications: replay.outbox.notifications().map((row): NotificationOutcome => ({
      applicationId: row.applicationId,
      kind: row.kind,
      key: row.idempotencyKey,
      recipientRole: row.recipientRole,
      status: row.status,
      reason: row.reason,
      scheduledFor: row.scheduledFor.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      deferredUntil: (row.context.deferred_until as string | undefined) ?? null,
    })),
    nextEvaluations: replay.pipeline.applicationIds().map((id) => ({
      applicationId: id,
      at: replay.pipeline.application(id)!.nextEvaluationAt?.toISOString() ?? null,
    })),
    stops: totals.instants,
  };
}

describe('the backtest and the service agree', () => {
  it('on flags, notifications and next evaluations, replaying one history', async () => {
    const entries = history();
    const until = entries[entries.length - 1].at;
    const memory = await replayInMemory(entries, until);
    const service = await replayThroughService(entries, until);

    expect(sorted(memory.flags)).toEqual(sorted(service.flags));
    expect(sorted(memory.notifications)).toEqual(sorted(service.notifications));
    expect(sorted(memory.nextEvaluations)).toEqual(sorted(service.nextEvaluations));
    expect(memory.stops).toBe(service.stops);

    // The history is rich enough for the agreement to mean something.
    expect(new Set(service.flags.map((flag) => flag.kind))).toEqual(new Set(flagKinds));
    const outcomes = new Set(
      service.notifications.map((row) => `${row.kind} ${row.status} ${row.reason ?? ''}`.trim()),
    );
    for (const expected of [
      'keep_warm sent',
      'feedback_reminder sent',
      'keep_warm pending',
      'keep_warm suppressed cap_reached',
      'keep_warm suppressed opted_out',
      'keep_warm suppressed source_not_enabled',
      'keep_warm suppressed no_recipient_email',
      'feedback_reminder suppressed no_recipient_email',
      'keep_warm cancelled application_closed',
      'keep_warm cancelled candidate_erased',
    ])
      expect(outcomes).toContain(expected);
    expect(service.notifications.some((row) => row.recipientRole === 'agency')).toBe(true);
    // Deferred to the end of the gap, and sent then.
    expect(service.notifications.some((row) => row.deferredUntil !== null && row.status === 'sent')).toBe(
      true,
    );
    // Each sent at the instant it was due (the clock stops there).
    for (const row of service.notifications.filter((notification) => notification.status === 'sent'))
      expect(row.sentAt).toBe(row.scheduledFor);
    expect(service.stops).toBeGreaterThan(300);
  }, 600_000);
});
