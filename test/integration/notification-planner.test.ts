import { event } from '../support/events';
import {
  factsFor,
  feedbackFlag,
  NotificationHarness,
  notificationsOf,
  seedApplication,
  silentFlag,
  startNotificationHarness,
} from '../support/notification-harness';

// The planner as the sweep calls it: one notification per flag occurrence, every guard recorded,
// send windows in the recipient's timezone, caps and gaps per candidate.

describe('NotificationPlanner', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    harness = await startNotificationHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function markSent(id: string, at: string): Promise<void> {
    await harness.query(`UPDATE notifications SET status = 'sent', sent_at = $2 WHERE id = $1`, [id, at]);
  }

  it('writes one keep_warm per flag occurrence however often the sweep runs, inside the candidate window', async () => {
    const seeded = await seedApplication(harness, 'once');
    const flag = silentFlag('2026-11-02T14:00:00.000Z');
    // Saturday afternoon: the update waits for Monday 09:00 in New York (EST, UTC-5).
    const now = new Date('2026-11-14T15:00:00Z');
    expect(await harness.plan({ facts: factsFor(seeded), openFlags: [flag], snoozedUntil: null, now })).toBe(
      1,
    );
    expect(await harness.plan({ facts: factsFor(seeded), openFlags: [flag], snoozedUntil: null, now })).toBe(
      0,
    );
    const later = new Date('2026-11-14T18:00:00Z');
    expect(
      await harness.plan({ facts: factsFor(seeded), openFlags: [flag], snoozedUntil: null, now: later }),
    ).toBe(0);

    const rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'keep_warm',
      status: 'pending',
      recipient_role: 'candidate',
      idempotency_key: `keep_warm:${seeded.applicationId}:candidate_silent:2026-11-02T14:00:00.000Z`,
    });
    expect(rows[0].scheduled_for.toISOString()).toBe('2026-11-16T14:00:00.000Z');
  });

  it('schedules across the DST change in the recipient timezone (New York, Berlin)', async () => {
    const newYork = await seedApplication(harness, 'dst_ny');
    // Saturday 7 March 2026; New York moves to EDT (UTC-4) on Sunday 8 March: Monday 09:00 is 13:00Z.
    await harness.plan({
      facts: factsFor(newYork),
      openFlags: [silentFlag('2026-02-20T14:00:00.000Z')],
      snoozedUntil: null,
      now: new Date('2026-03-07T15:00:00Z'),
    });
    expect((await notificationsOf(harness, newYork.applicationId))[0].scheduled_for.toISOString()).toBe(
      '2026-03-09T13:00:00.000Z',
    );

    const berlin = await seedApplication(harness, 'dst_berlin', {
      candidate: { timezone: 'Europe/Berlin', country: 'DE' },
    });
    // Friday 27 March 19:30 in Berlin (CET), after the window; Berlin moves to CEST (UTC+2) on Sunday 29 March.
    await harness.plan({
      facts: factsFor(berlin, { candidateOverrides: { timezone: 'Europe/Berlin', country: 'DE' } }),
      openFlags: [silentFlag('2026-03-10T09:00:00.000Z')],
      snoozedUntil: null,
      now: new Date('2026-03-27T18:30:00Z'),
    });
    expect((await notificationsOf(harness, berlin.applicationId))[0].scheduled_for.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('routes agency candidates to the agency contact, and records a missing agency address', async () => {
    const agency = await seedApplication(harness, 'agency', {
      candidate: {
        source: { kind: 'agency', agency_name: 'Hunters', agency_email: 'desk@hunters.example.com' },
      },
    });
    await harness.plan({
      facts: factsFor(agency, { candidateOverrides: { isAgency: true } }),
      openFlags: [silentFlag('2026-11-02T14:00:00.000Z')],
      snoozedUntil: null,
      now: new Date('2026-11-16T15:00:00Z'),
    });
    expect(await notificationsOf(harness, agency.applicationId)).toMatchObject([
      { recipient_role: 'agency', status: 'pending' },
    ]);

    const noAddress = await seedApplication(harness, 'agency_noaddress', {
      candidate: { source: { kind: 'agency', agency_name: 'Quiet Ltd' } },
    });
    await harness.plan({
      facts: factsFor(noAddress, { candidateOverrides: { isAgency: true } }),
      openFlags: [silentFlag('2026-11-02T14:00:00.000Z')],
      snoozedUntil: null,
      now: new Date('2026-11-16T15:00:00Z'),
    });
    // Never the candidate instead (rule 9): recorded, not sent.
    expect(await notificationsOf(harness, noAddress.applicationId)).toMatchObject([
      { recipient_role: 'agency', status: 'suppressed', reason: 'no_recipient_email' },
    ]);
  });

  it('records vendor-sourced would-be updates as source_not_enabled', async () => {
    const seeded = await seedApplication(harness, 'vendor');
    await harness.plan({
      facts: factsFor(seeded, { source: 'greenhouse' }),
      openFlags: [silentFlag('2026-11-02T14:00:00.000Z')],
      snoozedUntil: null,
      now: new Date('2026-11-16T15:00:00Z'),
    });
    expect(await notificationsOf(harness, seeded.applicationId)).toMatchObject([
      { status: 'suppressed', reason: 'source_not_enabled' },
    ]);
  });

  it('opt-out cancels waiting updates and suppresses later ones; unknown candidates are 404', async () => {
    const seeded = await seedApplication(harness, 'optout');
    const now = new Date('2026-11-16T15:00:00Z');
    await harness.plan({
      facts: factsFor(seeded),
      openFlags: [silentFlag('2026-11-02T14:00:00.000Z')],
      snoozedUntil: null,
      now,
    });
    const response = await harness.api.request({
      method: 'POST',
      url: `/v1/candidates/${seeded.candidateId}/opt-out`,
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ candidate_id: seeded.candidateId, cancelled: 1 });

    await harness.plan({
      facts: factsFor(seeded),
      openFlags: [silentFlag('2026-11-09T14:00:00.000Z')],
      snoozedUntil: null,
      now,
    });
    expect(await notificationsOf(harness, seeded.applicationId)).toMatchObject([
      { status: 'cancelled', reason: 'opted_out' },
      { status: 'suppressed', reason: 'opted_out' },
    ]);

    const unknown = await harness.api.request({ method: 'POST', url: '/v1/candidates/nobody/opt-out' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('defers within the minimum gap, caps updates in a row, and a human contact resets the cap', async () => {
    const seeded = await seedApplication(harness, 'caps');
    const plan = (cause: string, now: string) =>
      harness.plan({
        facts: factsFor(seeded),
        openFlags: [silentFlag(cause)],
        snoozedUntil: null,
        now: new Date(now),
      });

    await plan('2026-11-02T14:00:00.000Z', '2026-11-16T15:00:00Z');
    let rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows[0].scheduled_for.toISOString()).toBe('2026-11-16T15:00:00.000Z');
    await markSent(rows[0].id, '2026-11-16T15:00:00Z');

    // One business day later: deferred to the end of the 3-business-day gap, not suppressed.
    await plan('2026-11-16T15:00:00.000Z', '2026-11-17T15:00:00Z');
    rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows[1]).toMatchObject({ status: 'pending' });
    expect(rows[1].scheduled_for.toISOString()).toBe('2026-11-19T15:00:00.000Z');
    await markSent(rows[1].id, '2026-11-19T15:00:00Z');

    await plan('2026-11-19T15:00:00.000Z', '2026-11-24T16:00:00Z');
    rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows[2]).toMatchObject({ status: 'pending' });
    await markSent(rows[2].id, '2026-11-24T16:00:00Z');

    // Three automatic updates in a row and no human since: the fourth is not sent.
    await plan('2026-11-24T16:00:00.000Z', '2026-12-02T16:00:00Z');
    rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows[3]).toMatchObject({ status: 'suppressed', reason: 'cap_reached' });

    // The recruiter writes to the candidate: the count starts again.
    await harness.post(
      event(
        'candidate.contacted',
        { application_id: seeded.applicationId, direction: 'outbound', channel: 'email' },
        '2026-12-02T17:00:00Z',
      ),
    );
    await plan('2026-12-02T17:00:00.000Z', '2026-12-10T16:00:00Z');
    rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows[4]).toMatchObject({ status: 'pending' });
  });

  it('reminds the hiring manager at level 1 and once more at level 2, in their timezone', async () => {
    const seeded = await seedApplication(harness, 'feedback', {
      jobOverrides: {
        hiring_manager: {
          id: 'hm_tokyo',
          name: 'Kenji Manager',
          email: 'kenji@example.com',
          timezone: 'Asia/Tokyo',
          country: 'JP',
        },
      },
    });
    const hiringManager = { id: 'hm_tokyo', name: 'Kenji Manager', timezone: 'Asia/Tokyo', country: 'JP' };
    const since = '2026-11-16T01:00:00.000Z';
    // Thursday 19 November 2026, 20:00 in Tokyo: after hours, so Friday 09:00 JST (00:00Z).
    await harness.plan({
      facts: factsFor(seeded, { hiringManager }),
      openFlags: [feedbackFlag(since, 1)],
      snoozedUntil: null,
      now: new Date('2026-11-19T11:00:00Z'),
    });
    let rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows).toMatchObject([
      {
        kind: 'feedback_reminder',
        recipient_role: 'hiring_manager',
        recipient_person_id: 'hm_tokyo',
        status: 'pending',
      },
    ]);
    expect(rows[0].scheduled_for.toISOString()).toBe('2026-11-20T00:00:00.000Z');

    // Level 2 supersedes level 1 before it went out: one reminder, the firmer one.
    for (let sweep = 0; sweep < 2; sweep++) {
      await harness.plan({
        facts: factsFor(seeded, { hiringManager }),
        openFlags: [feedbackFlag(since, 2)],
        snoozedUntil: null,
        now: new Date('2026-11-20T02:00:00Z'),
      });
    }
    rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows).toMatchObject([
      { status: 'cancelled', reason: 'flag_resolved' },
      { status: 'pending', idempotency_key: `feedback_reminder:${seeded.applicationId}:${since}#2` },
    ]);

    await harness.query(`UPDATE people SET email = NULL WHERE id = 'hm_tokyo'`);
    await harness.plan({
      facts: factsFor(seeded, { hiringManager }),
      openFlags: [feedbackFlag('2026-12-01T01:00:00.000Z', 1)],
      snoozedUntil: null,
      now: new Date('2026-12-03T02:00:00Z'),
    });
    rows = await notificationsOf(harness, seeded.applicationId);
    expect(rows[2]).toMatchObject({ status: 'suppressed', reason: 'no_recipient_email' });
  });

  it('cancels pending sends when the application closes or the flag resolves', async () => {
    const closing = await seedApplication(harness, 'closing');
    const flag = silentFlag('2026-11-02T14:00:00.000Z');
    const now = new Date('2026-11-16T15:00:00Z');
    await harness.plan({ facts: factsFor(closing), openFlags: [flag], snoozedUntil: null, now });
    await harness.plan({
      facts: factsFor(closing, { status: 'rejected' }),
      openFlags: [],
      snoozedUntil: null,
      now,
    });
    expect(await notificationsOf(harness, closing.applicationId)).toMatchObject([
      { status: 'cancelled', reason: 'application_closed' },
    ]);

    const answered = await seedApplication(harness, 'answered');
    await harness.plan({ facts: factsFor(answered), openFlags: [flag], snoozedUntil: null, now });
    await harness.plan({ facts: factsFor(answered), openFlags: [], snoozedUntil: null, now });
    expect(await notificationsOf(harness, answered.applicationId)).toMatchObject([
      { status: 'cancelled', reason: 'flag_resolved' },
    ]);
  });

  it('pauses while snoozed: recorded as suppressed once, sent after the snooze if still due', async () => {
    const seeded = await seedApplication(harness, 'snooze');
    const flag = silentFlag('2026-11-02T14:00:00.000Z');
    const snoozedUntil = new Date('2026-11-20T14:00:00Z');
    for (let sweep = 0; sweep < 2; sweep++) {
      await harness.plan({
        facts: factsFor(seeded),
        openFlags: [flag],
        snoozedUntil,
        now: new Date('2026-11-16T15:00:00Z'),
      });
    }
    expect(await notificationsOf(harness, seeded.applicationId)).toMatchObject([
      { status: 'suppressed', reason: 'snoozed' },
    ]);
    await harness.plan({
      facts: factsFor(seeded),
      openFlags: [flag],
      snoozedUntil,
      now: new Date('2026-11-20T15:00:00Z'),
    });
    expect(await notificationsOf(harness, seeded.applicationId)).toMatchObject([
      { status: 'suppressed', reason: 'snoozed' },
      {
        status: 'pending',
        idempotency_key: `keep_warm:${seeded.applicationId}:candidate_silent:2026-11-02T14:00:00.000Z`,
      },
    ]);
  });

  it('sends no generic update to a candidate waiting for a human reply, open flag or not yet', async () => {
    const wrote = await seedApplication(harness, 'wrote');
    const flag = silentFlag('2026-11-02T14:00:00.000Z');
    // Wrote an hour ago: candidate_awaiting_reply is not open yet, the unanswered message is enough.
    const pendingWait = factsFor(wrote, { oldestUnansweredInboundAt: new Date('2026-11-16T14:00:00Z') });
    for (let sweep = 0; sweep < 2; sweep++) {
      await harness.plan({
        facts: pendingWait,
        openFlags: [flag],
        snoozedUntil: null,
        now: new Date('2026-11-16T15:00:00Z'),
      });
    }
    expect(await notificationsOf(harness, wrote.applicationId)).toMatchObject([
      {
        kind: 'keep_warm',
        status: 'suppressed',
        reason: 'awaiting_human_reply',
        idempotency_key: `keep_warm:${wrote.applicationId}:candidate_silent:2026-11-02T14:00:00.000Z:awaiting_human_reply`,
      },
    ]);
    // A person answered and the flag still stands: the update is planned after all.
    await harness.plan({
      facts: factsFor(wrote),
      openFlags: [flag],
      snoozedUntil: null,
      now: new Date('2026-11-17T15:00:00Z'),
    });
    expect((await notificationsOf(harness, wrote.applicationId)).map((row) => row.status)).toEqual([
      'suppressed',
      'pending',
    ]);

    const flagged = await seedApplication(harness, 'wrote_flagged');
    await harness.plan({
      facts: factsFor(flagged),
      openFlags: [
        silentFlag('2026-11-02T14:00:00.000Z'),
        silentFlag('2026-11-12T14:00:00.000Z', { kind: 'candidate_awaiting_reply', severity: 'medium' }),
      ],
      snoozedUntil: null,
      now: new Date('2026-11-16T15:00:00Z'),
    });
    expect(await notificationsOf(harness, flagged.applicationId)).toMatchObject([
      { kind: 'keep_warm', status: 'suppressed', reason: 'awaiting_human_reply' },
    ]);
  });

  it('writes nothing for stages without automatic updates (offer)', async () => {
    const seeded = await seedApplication(harness, 'offer');
    const written = await harness.plan({
      facts: factsFor(seeded, {
        stage: { name: 'Offer', kind: 'offer', enteredAt: new Date('2026-11-03T00:00:00Z') },
      }),
      openFlags: [silentFlag('2026-11-02T14:00:00.000Z')],
      snoozedUntil: null,
      now: new Date('2026-11-16T15:00:00Z'),
    });
    expect(written).toBe(0);
    expect(await notificationsOf(harness, seeded.applicationId)).toHaveLength(0);
  });
});
