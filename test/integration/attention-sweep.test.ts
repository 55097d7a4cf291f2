import { AttentionListRepository } from '../../src/attention/attention-list.repository';
import { RecruiterActionsService } from '../../src/attention/recruiter-actions.service';
import { startTestApi, TestApi } from '../support/test-app';
import { AttentionDriver } from './attention-support';

// Every rule end to end: signed canonical webhooks in, the real sweep with a controlled clock, flags
// out. Each test runs in its own weeks of 2027 (later tests, later weeks) so the clock only moves
// forward; people are in UTC with no country, so N business days are N weekdays.

/** ISO instant: `day` weekdays-or-not after the Monday of `week` (week 0 = Monday 2027-03-01), at hh:mm UTC. */
function at(week: number, day: number, time = '09:00'): string {
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(Date.UTC(2027, 2, 1 + 7 * week + day, hours, minutes)).toISOString();
}

const MON = 0;
const TUE = 1;
const WED = 2;
const THU = 3;
const FRI = 4;

describe('sweep: the rules end to end', () => {
  let api: TestApi;
  let pipeline: AttentionDriver;
  let actions: RecruiterActionsService;

  beforeAll(async () => {
    api = await startTestApi();
    pipeline = new AttentionDriver(api);
    actions = api.app.get(RecruiterActionsService);
  });

  afterAll(async () => {
    await api?.close();
  });

  it('candidate_silent: 5 business days without outbound contact, high at 2x, one flag escalated in place', async () => {
    await pipeline.create('silent_1', at(0, MON));
    await pipeline.sweep(at(1, MON, '08:59'));
    expect(await pipeline.openFlags('silent_1')).toEqual({});

    await pipeline.sweep(at(1, MON));
    const opened = (await pipeline.openFlags('silent_1')).candidate_silent;
    expect(opened).toMatchObject({ severity: 'medium' });
    expect(opened.details).toMatchObject({ business_days_silent: 5, waiting_since: at(0, MON) });

    const state = (await api.request({ method: 'GET', url: '/v1/applications/silent_1' })).json<{
      flags: Array<{ kind: string; action: string; details: Record<string, unknown> }>;
      next_evaluation_at: string;
    }>();
    expect(state.flags).toEqual([
      expect.objectContaining({
        kind: 'candidate_silent',
        action: 'send_keep_warm_update',
        details: expect.objectContaining({ waiting_since: at(0, MON) }),
      }),
    ]);
    // Nothing changes until the 2x level.
    expect(state.next_evaluation_at).toBe(at(2, MON));

    await pipeline.sweep(at(2, MON));
    const escalated = (await pipeline.openFlags('silent_1')).candidate_silent;
    expect(escalated).toMatchObject({ id: opened.id, severity: 'high' });
    expect(await pipeline.flagEvents(opened.id)).toEqual([
      { event: 'opened', severity: 'medium', reason: null },
      { event: 'escalated', severity: 'high', reason: null },
    ]);
  });

  it('feedback_overdue: 48 business hours after the interview; a nudge answers it until the 2x level; feedback resolves it', async () => {
    const onsite = { name: 'Onsite', kind: 'interview' as const };
    await pipeline.create('feedback_1', at(3, MON), { stage: onsite });
    await pipeline.send(
      'interview.scheduled',
      {
        application_id: 'feedback_1',
        interview: { id: 'int_1', starts_at: at(3, TUE, '10:00'), ends_at: at(3, TUE, '11:00') },
      },
      at(3, MON, '09:30'),
    );
    await pipeline.send(
      'interview.completed',
      { application_id: 'feedback_1', interview: { id: 'int_1', ended_at: at(3, TUE, '11:00') } },
      at(3, TUE, '11:05'),
    );

    await pipeline.sweep(at(3, THU, '10:59'));
    expect((await pipeline.openFlags('feedback_1')).feedback_overdue).toBeUndefined();
    await pipeline.sweep(at(3, THU, '11:00'));
    const levelOne = (await pipeline.openFlags('feedback_1')).feedback_overdue;
    expect(levelOne).toMatchObject({ severity: 'medium' });
    expect(levelOne.details).toMatchObject({
      hours_waiting: 48,
      level: 1,
      waiting_since: at(3, TUE, '11:00'),
      waiting_on: { id: 'hm_harper', name: 'Harper Manager' },
    });

    const nudged = await actions.record(
      'feedback_1',
      { kind: 'manager_nudged', note: 'pinged on Slack' },
      new Date(at(3, THU, '12:00')),
    );
    expect(nudged?.resolvedFlags).toEqual([
      expect.objectContaining({
        id: levelOne.id,
        kind: 'feedback_overdue',
        resolution: 'answered:manager_nudged',
      }),
    ]);

    // The same occurrence stays answered, however often the application is looked at.
    await pipeline.makeDue(['feedback_1']);
    expect(await pipeline.sweep(at(3, THU, '12:30'))).toMatchObject({ opened: 0 });
    expect((await pipeline.openFlags('feedback_1')).feedback_overdue).toBeUndefined();

    // 96 business hours: the next level is a new occurrence, high.
    await pipeline.sweep(at(4, MON, '11:00'));
    const levelTwo = (await pipeline.openFlags('feedback_1')).feedback_overdue;
    expect(levelTwo).toMatchObject({ severity: 'high' });
    expect(levelTwo.id).not.toBe(levelOne.id);
    expect(levelTwo.details).toMatchObject({ level: 2, hours_waiting: 96 });

    await pipeline.send(
      'feedback.submitted',
      {
        application_id: 'feedback_1',
        interview_id: 'int_1',
        submitted_by: { id: 'hm_harper', name: 'Harper Manager' },
        from_hiring_manager: true,
      },
      at(4, MON, '12:00'),
    );
    await pipeline.sweep(at(4, MON, '12:00'));
    expect((await pipeline.openFlags('feedback_1')).feedback_overdue).toBeUndefined();
    expect((await pipeline.allFlags('feedback_1')).find((flag) => flag.id === levelTwo.id)).toMatchObject({
      status: 'resolved',
      resolution: 'cause_gone',
    });
  });

  it('decision_overdue after 10 business days in review; rejection_sent answers it and counts as contact', async () => {
    await pipeline.create('decision_1', at(6, MON), {
      stage: { name: 'Hiring Manager Review', kind: 'hiring_manager_review' },
    });
    await pipeline.sweep(at(8, MON, '08:59'));
    expect((await pipeline.openFlags('decision_1')).decision_overdue).toBeUndefined();

    await pipeline.sweep(at(8, MON));
    const flags = await pipeline.openFlags('decision_1');
    expect(flags.decision_overdue).toMatchObject({ severity: 'high' });
    expect(flags.decision_overdue.details).toMatchObject({
      business_days_waiting: 10,
      waiting_since: at(6, MON),
    });
    expect(flags.feedback_overdue).toMatchObject({ severity: 'high' });
    expect(flags.candidate_silent).toMatchObject({ severity: 'high' });

    const recorded = await actions.record(
      'decision_1',
      { kind: 'rejection_sent', note: null },
      new Date(at(8, MON, '10:00')),
    );
    const resolutions = Object.fromEntries(
      recorded!.resolvedFlags.map((flag) => [flag.kind, flag.resolution]),
    );
    expect(resolutions).toEqual({
      decision_overdue: 'answered:rejection_sent',
      candidate_silent: 'cause_gone',
    });
    expect(Object.keys(await pipeline.openFlags('decision_1'))).toEqual(['feedback_overdue']);
    const logged = await pipeline.query(`SELECT source, type FROM event_log WHERE event_id = $1`, [
      `action:${recorded!.action.id}`,
    ]);
    expect(logged).toEqual([{ source: 'keepwarm', type: 'candidate.contacted' }]);
  });

  it('update_promise_missed at the promised date; outbound contact keeps the promise', async () => {
    await pipeline.create('promise_1', at(9, MON));
    await pipeline.send(
      'application.update_promised',
      { application_id: 'promise_1', by: at(9, THU, '17:00') },
      at(9, TUE, '10:00'),
    );
    await pipeline.sweep(at(9, THU, '16:59'));
    expect(await pipeline.openFlags('promise_1')).toEqual({});
    await pipeline.sweep(at(9, THU, '17:00'));
    const missed = (await pipeline.openFlags('promise_1')).update_promise_missed;
    expect(missed).toMatchObject({ severity: 'high' });
    expect(missed.details).toMatchObject({
      promised_by: at(9, THU, '17:00'),
      waiting_since: at(9, THU, '17:00'),
    });

    await pipeline.send(
      'candidate.contacted',
      { application_id: 'promise_1', direction: 'outbound', channel: 'email' },
      at(9, THU, '18:00'),
    );
    await pipeline.sweep(at(9, THU, '18:00'));
    expect(await pipeline.openFlags('promise_1')).toEqual({});
  });

  it('candidate_awaiting_reply after 1 business day, high at 3; a human reply resolves it', async () => {
    await pipeline.create('reply_1', at(10, MON));
    await pipeline.send(
      'candidate.contacted',
      { application_id: 'reply_1', direction: 'inbound', channel: 'email' },
      at(10, MON, '10:00'),
    );
    await pipeline.sweep(at(10, TUE, '09:59'));
    expect(await pipeline.openFlags('reply_1')).toEqual({});
    await pipeline.sweep(at(10, TUE, '10:00'));
    const medium = (await pipeline.openFlags('reply_1')).candidate_awaiting_reply;
    expect(medium).toMatchObject({ severity: 'medium' });
    await pipeline.sweep(at(10, THU, '10:00'));
    expect((await pipeline.openFlags('reply_1')).candidate_awaiting_reply).toMatchObject({
      id: medium.id,
      severity: 'high',
    });

    await pipeline.send(
      'candidate.contacted',
      { application_id: 'reply_1', direction: 'outbound', channel: 'phone' },
      at(10, THU, '11:00'),
    );
    await pipeline.sweep(at(10, THU, '11:00'));
    expect(await pipeline.openFlags('reply_1')).toEqual({});
  });

  it('scheduling_stalled: 3 business days with nothing scheduled, or two reschedules; scheduled answers it for good', async () => {
    const onsite = { name: 'Onsite', kind: 'interview' as const };
    await pipeline.create('sched_1', at(11, MON), { stage: onsite });
    await pipeline.sweep(at(11, THU, '08:59'));
    expect(await pipeline.openFlags('sched_1')).toEqual({});
    await pipeline.sweep(at(11, THU));
    expect((await pipeline.openFlags('sched_1')).scheduling_stalled).toMatchObject({
      severity: 'medium',
      details: expect.objectContaining({ reason: 'no_interview_scheduled', waiting_since: at(11, MON) }),
    });
    await pipeline.send(
      'interview.scheduled',
      { application_id: 'sched_1', interview: { id: 'int_s1', starts_at: at(12, MON, '10:00') } },
      at(11, THU, '10:00'),
    );
    await pipeline.sweep(at(11, THU, '10:00'));
    expect(await pipeline.openFlags('sched_1')).toEqual({});

    await pipeline.create('sched_2', at(11, MON), { stage: onsite });
    const interview = { id: 'int_s2', starts_at: at(11, WED, '10:00') };
    await pipeline.send(
      'interview.scheduled',
      { application_id: 'sched_2', interview },
      at(11, MON, '10:00'),
    );
    await pipeline.send(
      'interview.rescheduled',
      { application_id: 'sched_2', interview: { ...interview, starts_at: at(11, THU, '10:00') } },
      at(11, TUE, '10:00'),
    );
    await pipeline.send(
      'interview.rescheduled',
      { application_id: 'sched_2', interview: { ...interview, starts_at: at(11, FRI, '10:00') } },
      at(11, TUE, '11:00'),
    );
    await pipeline.sweep(at(11, TUE, '11:00'));
    expect((await pipeline.openFlags('sched_2')).scheduling_stalled?.details).toMatchObject({
      reason: 'rescheduled_twice',
      reschedules: 2,
    });

    const recorded = await actions.record(
      'sched_2',
      { kind: 'scheduled', note: null },
      new Date(at(11, TUE, '12:00')),
    );
    expect(recorded!.resolvedFlags.map((flag) => flag.resolution)).toEqual(['answered:scheduled']);
    await pipeline.makeDue(['sched_2']);
    await pipeline.sweep(at(11, WED));
    expect(await pipeline.openFlags('sched_2')).toEqual({});
  });

  it('competing_offer_deadline: urgent within 5 business days, halves the other thresholds, ends at the deadline', async () => {
    await pipeline.create('offer_1', at(13, MON));
    await pipeline.send(
      'candidate.competing_offer',
      { application_id: 'offer_1', deadline: at(14, FRI, '17:00') },
      at(13, TUE),
    );
    await pipeline.sweep(at(13, FRI, '16:59'));
    expect(await pipeline.openFlags('offer_1')).toEqual({});

    await pipeline.sweep(at(13, FRI, '17:00'));
    const flags = await pipeline.openFlags('offer_1');
    expect(flags.competing_offer_deadline).toMatchObject({
      severity: 'urgent',
      details: expect.objectContaining({ deadline: at(14, FRI, '17:00') }),
    });
    // Silent for 4.3 business days: over the halved 2.5.
    expect(flags.candidate_silent).toMatchObject({
      severity: 'medium',
      details: expect.objectContaining({ halved: true }),
    });

    await pipeline.sweep(at(14, FRI, '17:00'));
    const after = await pipeline.openFlags('offer_1');
    expect(after.competing_offer_deadline).toBeUndefined();
    expect(after.candidate_silent).toMatchObject({
      id: flags.candidate_silent.id,
      details: expect.objectContaining({ halved: false }),
    });
  });

  it('job_closed_with_active_candidates when the job closes; resolved when it reopens', async () => {
    await pipeline.create('closing_1', at(16, MON), { jobId: 'job_closing' });
    const job = pipeline.applicationSnapshot('closing_1', { jobId: 'job_closing' }).job;
    await pipeline.send('job.updated', { job: { ...job, status: 'closed' } }, at(16, TUE));
    await pipeline.sweep(at(16, TUE));
    expect((await pipeline.openFlags('closing_1')).job_closed_with_active_candidates).toMatchObject({
      severity: 'medium',
      details: expect.objectContaining({ job_status: 'closed', waiting_since: at(16, TUE) }),
    });
    await pipeline.send('job.updated', { job: { ...job, status: 'open' } }, at(16, WED));
    await pipeline.sweep(at(16, WED));
    expect(await pipeline.openFlags('closing_1')).toEqual({});
  });

  it('a closed application has no flags: they resolve as closed and it is not looked at again', async () => {
    await pipeline.create('closed_1', at(17, MON));
    await pipeline.sweep(at(18, MON));
    expect((await pipeline.openFlags('closed_1')).candidate_silent).toBeDefined();
    await pipeline.send('application.rejected', { application_id: 'closed_1' }, at(18, MON, '10:00'));
    await pipeline.sweep(at(18, MON, '10:00'));
    expect(await pipeline.openFlags('closed_1')).toEqual({});
    expect((await pipeline.allFlags('closed_1')).map((flag) => flag.resolution)).toEqual(['closed']);
    expect(await pipeline.query(`SELECT next_evaluation_at FROM applications WHERE id = 'closed_1'`)).toEqual(
      [{ next_evaluation_at: null }],
    );
  });

  it('out-of-order events are re-evaluated from their occurred_at, not their arrival', async () => {
    // The interview's completion arrives before the application itself.
    await pipeline.send(
      'interview.completed',
      { application_id: 'late_1', interview: { id: 'int_l1', ended_at: at(19, TUE, '11:00') } },
      at(19, TUE, '11:00'),
    );
    await pipeline.create('late_1', at(19, MON), { stage: { name: 'Onsite', kind: 'interview' } });
    await pipeline.sweep(at(19, THU, '11:00'));
    expect((await pipeline.openFlags('late_1')).feedback_overdue?.details).toMatchObject({
      waiting_since: at(19, TUE, '11:00'),
      hours_waiting: 48,
    });

    // A contact the ATS reports late, dated before the flag was raised, takes the silence away.
    await pipeline.create('late_2', at(19, MON));
    await pipeline.sweep(at(20, MON));
    expect((await pipeline.openFlags('late_2')).candidate_silent).toBeDefined();
    await pipeline.send(
      'candidate.contacted',
      { application_id: 'late_2', direction: 'outbound', channel: 'email' },
      at(19, FRI),
    );
    await pipeline.sweep(at(20, MON));
    expect((await pipeline.openFlags('late_2')).candidate_silent).toBeUndefined();
  });

  it('snooze resolves nothing, hides the flags from attention until its date, then they are back', async () => {
    await pipeline.create('snooze_1', at(21, MON), {
      recruiter: { id: 'rec_snooze', name: 'Sam Snooze', email: 'sam@example.com', timezone: 'UTC' },
    });
    await pipeline.sweep(at(22, MON));
    const attention = api.app.get(AttentionListRepository);
    const listed = async (now: string) =>
      (await attention.list({ recruiterId: 'rec_snooze', limit: 50 }, new Date(now))).items.map(
        (item) => item.flag.kind,
      );
    expect(await listed(at(22, MON, '10:00'))).toEqual(['candidate_silent']);

    const snoozed = await actions.snooze('snooze_1', new Date(at(22, WED)), 'on holiday');
    expect(snoozed).toMatchObject({ reason: 'on holiday', snoozedUntil: new Date(at(22, WED)) });
    expect(await listed(at(22, MON, '10:00'))).toEqual([]);
    expect(Object.keys(await pipeline.openFlags('snooze_1'))).toEqual(['candidate_silent']);
    // New flags raised during the snooze stay hidden too; the sweep looks again when the snooze ends.
    const [{ next_evaluation_at: next }] = await pipeline.query<{ next_evaluation_at: Date }>(
      `SELECT next_evaluation_at FROM applications WHERE id = 'snooze_1'`,
    );
    expect(next.getTime()).toBeLessThanOrEqual(Date.parse(at(22, WED)));
    expect(await listed(at(22, WED))).toEqual(['candidate_silent']);
  });

  it('repeated sweeps are idempotent: the same instant twice opens and resolves nothing', async () => {
    const now = at(23, MON);
    await pipeline.sweep(now);
    await pipeline.makeDue();
    const again = await pipeline.sweep(now);
    expect(again.evaluated).toBeGreaterThan(10);
    expect(again).toMatchObject({ opened: 0, resolved: 0 });
    expect(await pipeline.sweep(now)).toEqual({ evaluated: 0, opened: 0, resolved: 0 });
    const doubles = await pipeline.query(
      `SELECT application_id, kind FROM flags WHERE status = 'open' GROUP BY application_id, kind HAVING count(*) > 1`,
    );
    expect(doubles).toEqual([]);
  });
});
