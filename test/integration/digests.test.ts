import { AppConfig } from '../../src/config/app-config';
import { DigestsRepository } from '../../src/digests/digests.repository';
import { DigestsService } from '../../src/digests/digests.service';
import { OutboxRelayNudge } from '../../src/notifications/outbox-relay-nudge';
import { OutboxService } from '../../src/notifications/outbox.service';
import { defaultPolicy, type Policy } from '../../src/policy';
import { DigestFixtures } from '../support/digest-fixtures';
import { startTestApi, TestApi } from '../support/test-app';

// The digest against a real PostgreSQL: what it reads (and never reads), once per recruiter and
// date, and when the schedule finds a recruiter due in their own timezone.

const flagIds = {
  ada: '00000000-0000-4000-8000-00000000000a',
  graceFeedback: '00000000-0000-4000-8000-00000000000b',
  graceDecision: '00000000-0000-4000-8000-00000000000c',
  katherine: '00000000-0000-4000-8000-00000000000d',
  barbara: '00000000-0000-4000-8000-00000000000e',
  snoozed: '00000000-0000-4000-8000-00000000000f',
  closed: '00000000-0000-4000-8000-000000000010',
  other: '00000000-0000-4000-8000-000000000011',
  tokyo: '00000000-0000-4000-8000-000000000012',
  angeles: '00000000-0000-4000-8000-000000000013',
  newYork: '00000000-0000-4000-8000-000000000014',
  hedy: '00000000-0000-4000-8000-000000000015',
  ida: '00000000-0000-4000-8000-000000000016',
  margaret: '00000000-0000-4000-8000-000000000017',
  newYorkWeekend: '00000000-0000-4000-8000-000000000018',
};

async function seed(db: DigestFixtures): Promise<void> {
  await db.person({
    id: 'rec_priya',
    name: 'Priya Shah',
    email: 'priya@example.com',
    timezone: 'Europe/London',
    country: 'GB',
  });
  await db.person({
    id: 'rec_lee',
    name: 'Lee Park',
    email: 'lee@example.com',
    timezone: 'America/Los_Angeles',
    country: 'US',
  });
  await db.person({
    id: 'rec_kenji',
    name: 'Kenji Sato',
    email: 'kenji@example.com',
    timezone: 'Asia/Tokyo',
    country: 'JP',
  });
  await db.person({
    id: 'rec_nora',
    name: 'Nora Quinn',
    email: 'nora@example.com',
    timezone: 'America/New_York',
    country: 'US',
  });
  await db.person({
    id: 'rec_quiet',
    name: 'Quinn Quiet',
    email: 'quiet@example.com',
    timezone: 'Europe/London',
    country: 'GB',
  });
  await db.person({
    id: 'rec_noemail',
    name: 'Nameless Mail',
    email: null,
    timezone: 'Europe/London',
    country: 'GB',
  });
  await db.person({ id: 'hm_dana', name: 'Dana Lee', email: 'dana@example.com' });
  await db.person({ id: 'hm_sam', name: 'Sam Ortiz', email: 'sam@example.com' });
  await db.person({ id: 'hm_noor', name: 'Noor Haddad', email: 'noor@example.com' });

  await db.job({
    id: 'job_staff',
    title: 'Staff Engineer',
    recruiterId: 'rec_priya',
    hiringManagerId: 'hm_dana',
  });
  await db.job({
    id: 'job_backend',
    title: 'Backend Engineer',
    recruiterId: 'rec_priya',
    hiringManagerId: 'hm_sam',
  });
  await db.job({
    id: 'job_frontend',
    title: 'Frontend Engineer',
    recruiterId: 'rec_priya',
    hiringManagerId: 'hm_noor',
    status: 'on_hold',
  });
  await db.job({
    id: 'job_design',
    title: 'Product Designer',
    recruiterId: 'rec_lee',
    hiringManagerId: 'hm_sam',
  });
  await db.job({
    id: 'job_tokyo',
    title: 'Site Reliability Engineer',
    recruiterId: 'rec_kenji',
    hiringManagerId: 'hm_sam',
  });
  await db.job({ id: 'job_ny', title: 'Data Engineer', recruiterId: 'rec_nora', hiringManagerId: 'hm_dana' });
  await db.job({
    id: 'job_quiet',
    title: 'Quiet Role',
    recruiterId: 'rec_quiet',
    hiringManagerId: 'hm_dana',
  });
  await db.job({
    id: 'job_noemail',
    title: 'Unmailed Role',
    recruiterId: 'rec_noemail',
    hiringManagerId: 'hm_dana',
  });

  await db.application({ id: 'app_ada', jobId: 'job_staff', candidateName: 'Ada Lovelace' });
  await db.flag({
    id: flagIds.ada,
    applicationId: 'app_ada',
    kind: 'competing_offer_deadline',
    action: 'expedite',
    severity: 'urgent',
    raisedAt: '2026-11-19T12:00:00Z',
    waitingSince: '2026-11-19T12:00:00Z',
    details: { deadline: '2026-11-24T17:00:00Z', business_days_left: 2 },
  });

  await db.application({
    id: 'app_grace',
    jobId: 'job_backend',
    candidateName: 'Grace Hopper',
    stageName: 'Hiring Manager Review',
    stageKind: 'hiring_manager_review',
    awaitingFeedbackSince: '2026-11-06T09:00:00Z',
  });
  await db.flag({
    id: flagIds.graceFeedback,
    applicationId: 'app_grace',
    kind: 'feedback_overdue',
    action: 'nudge_hiring_manager',
    severity: 'high',
    raisedAt: '2026-11-10T09:00:00Z',
    waitingSince: '2026-11-06T09:00:00Z',
    details: { hours_waiting: 101.4, level: 2 },
  });
  await db.flag({
    id: flagIds.graceDecision,
    applicationId: 'app_grace',
    kind: 'decision_overdue',
    action: 'consider_rejection',
    severity: 'high',
    raisedAt: '2026-11-20T07:00:00Z',
    waitingSince: '2026-11-06T09:00:00Z',
    details: { hours_waiting: 240 },
  });
  // A reminder about an earlier wait does not count for this one.
  await db.sent('app_grace', 'feedback_reminder', '2026-10-20T10:00:00Z');
  await db.sent('app_grace', 'feedback_reminder', '2026-11-10T10:00:00Z');
  await db.sent('app_grace', 'feedback_reminder', '2026-11-18T10:00:00Z');

  await db.application({
    id: 'app_katherine',
    jobId: 'job_staff',
    candidateName: 'Katherine Johnson',
    stageName: 'Phone Screen',
    stageKind: 'recruiter_screen',
    url: null,
  });
  await db.flag({
    id: flagIds.katherine,
    applicationId: 'app_katherine',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'medium',
    raisedAt: '2026-11-19T10:00:00Z',
    waitingSince: '2026-11-11T10:00:00Z',
    details: { business_days_silent: 6 },
  });
  // keepwarm's last update started this silence.
  await db.sent('app_katherine', 'keep_warm', '2026-11-11T10:00:00Z');

  // Silent, and keepwarm's own update answered it this morning (before the sweep looked again).
  await db.application({ id: 'app_hedy', jobId: 'job_staff', candidateName: 'Hedy Lamarr' });
  await db.flag({
    id: flagIds.hedy,
    applicationId: 'app_hedy',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'medium',
    raisedAt: '2026-11-19T10:00:00Z',
    waitingSince: '2026-11-12T10:00:00Z',
    details: { business_days_silent: 5 },
  });
  await db.sent('app_hedy', 'keep_warm', '2026-11-12T10:00:00Z');
  await db.sent('app_hedy', 'keep_warm', '2026-11-20T07:30:00Z');

  // Silent, with keepwarm's update planned for this afternoon.
  await db.application({ id: 'app_ida', jobId: 'job_staff', candidateName: 'Ida Rhodes' });
  await db.flag({
    id: flagIds.ida,
    applicationId: 'app_ida',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'medium',
    raisedAt: '2026-11-19T10:00:00Z',
    waitingSince: '2026-11-12T10:00:00Z',
    details: { business_days_silent: 5 },
  });
  await db.planned('app_ida', '2026-11-20T14:00:00Z');

  // A promise missed, and she wrote yesterday: she waits for a person.
  await db.application({
    id: 'app_margaret',
    jobId: 'job_backend',
    candidateName: 'Margaret Hamilton',
    oldestUnansweredInboundAt: '2026-11-19T16:00:00Z',
  });
  await db.flag({
    id: flagIds.margaret,
    applicationId: 'app_margaret',
    kind: 'update_promise_missed',
    action: 'send_status_update',
    severity: 'high',
    raisedAt: '2026-11-18T17:00:00Z',
    waitingSince: '2026-11-18T17:00:00Z',
    details: { promised_by: '2026-11-18T17:00:00Z', hours_overdue: 15 },
  });

  await db.application({
    id: 'app_barbara',
    jobId: 'job_frontend',
    candidateName: 'Barbara Liskov',
    stageName: 'Applied',
    stageKind: 'applied',
  });
  await db.flag({
    id: flagIds.barbara,
    applicationId: 'app_barbara',
    kind: 'job_closed_with_active_candidates',
    action: 'close_out_candidates',
    severity: 'medium',
    raisedAt: '2026-11-16T12:00:00Z',
    waitingSince: '2026-11-16T12:00:00Z',
    details: { job_status: 'on_hold' },
  });

  // Hidden: snoozed past the digest, closed, resolved, or another recruiter's.
  await db.application({
    id: 'app_snoozed',
    jobId: 'job_staff',
    candidateName: 'Snoozy Sloane',
    snoozedUntil: '2026-11-25T09:00:00Z',
  });
  await db.flag({
    id: flagIds.snoozed,
    applicationId: 'app_snoozed',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'high',
    raisedAt: '2026-11-18T10:00:00Z',
    waitingSince: '2026-11-01T10:00:00Z',
  });
  await db.application({
    id: 'app_closed',
    jobId: 'job_staff',
    candidateName: 'Closed Clara',
    status: 'rejected',
  });
  await db.flag({
    id: flagIds.closed,
    applicationId: 'app_closed',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'high',
    raisedAt: '2026-11-18T10:00:00Z',
    waitingSince: '2026-11-01T10:00:00Z',
  });
  await db.application({ id: 'app_resolved', jobId: 'job_backend', candidateName: 'Resolved Rita' });
  await db.flag({
    applicationId: 'app_resolved',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'high',
    raisedAt: '2026-11-18T10:00:00Z',
    waitingSince: '2026-11-01T10:00:00Z',
    status: 'resolved',
  });
  await db.application({ id: 'app_other', jobId: 'job_design', candidateName: 'Olivia Other' });
  await db.flag({
    id: flagIds.other,
    applicationId: 'app_other',
    kind: 'candidate_awaiting_reply',
    action: 'reply_to_candidate',
    severity: 'medium',
    raisedAt: '2026-11-18T10:00:00Z',
    waitingSince: '2026-11-17T10:00:00Z',
    details: { business_days_waiting: 1.5 },
  });
  await db.application({ id: 'app_tokyo', jobId: 'job_tokyo', candidateName: 'Hiro Tanaka' });
  await db.flag({
    id: flagIds.tokyo,
    applicationId: 'app_tokyo',
    kind: 'scheduling_stalled',
    action: 'schedule_next_round',
    severity: 'medium',
    raisedAt: '2026-10-18T10:00:00Z',
    waitingSince: '2026-10-13T10:00:00Z',
    details: { business_days_waiting: 4 },
  });
  await db.application({ id: 'app_ny', jobId: 'job_ny', candidateName: 'Nia Brooks' });
  await db.flag({
    id: flagIds.newYork,
    applicationId: 'app_ny',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'medium',
    raisedAt: '2026-10-20T10:00:00Z',
    waitingSince: '2026-10-12T10:00:00Z',
    details: { business_days_silent: 6 },
  });
  // Raised over the weekend the clocks fell back in New York.
  await db.application({ id: 'app_ny_weekend', jobId: 'job_ny', candidateName: 'Wes Kendall' });
  await db.flag({
    id: flagIds.newYorkWeekend,
    applicationId: 'app_ny_weekend',
    kind: 'scheduling_stalled',
    action: 'schedule_next_round',
    severity: 'medium',
    raisedAt: '2026-10-31T15:00:00Z',
    waitingSince: '2026-10-26T13:00:00Z',
    details: { business_days_waiting: 4 },
  });
  await db.application({ id: 'app_noemail', jobId: 'job_noemail', candidateName: 'Una Mailed' });
  await db.flag({
    applicationId: 'app_noemail',
    kind: 'candidate_silent',
    action: 'send_keep_warm_update',
    severity: 'medium',
    raisedAt: '2026-10-20T10:00:00Z',
    waitingSince: '2026-10-12T10:00:00Z',
  });

  // Time to feedback: Dana 20, 50 and 80 clock hours (median 50); Sam 10 and 30 (median 20).
  // Outside the median: a wait ended by a stage change, one ended 40 days earlier, one still open.
  const period = (
    applicationId: string,
    hiringManagerId: string,
    startedAt: string,
    hours: number,
    endedBy = 'feedback',
  ) =>
    db.feedbackPeriod({
      applicationId,
      hiringManagerId,
      startedAt,
      endedBy,
      endedAt: new Date(Date.parse(startedAt) + hours * 3_600_000).toISOString(),
    });
  await period('app_hist_1', 'hm_dana', '2026-11-02T09:00:00Z', 20);
  await period('app_hist_2', 'hm_dana', '2026-11-03T09:00:00Z', 50);
  await period('app_hist_3', 'hm_dana', '2026-11-04T09:00:00Z', 80);
  await period('app_hist_4', 'hm_dana', '2026-11-05T09:00:00Z', 400, 'stage_change');
  await period('app_hist_5', 'hm_dana', '2026-10-05T09:00:00Z', 2);
  await period('app_hist_6', 'hm_sam', '2026-11-09T09:00:00Z', 10);
  await period('app_hist_7', 'hm_sam', '2026-11-10T09:00:00Z', 30);
  await db.feedbackPeriod({
    applicationId: 'app_grace',
    hiringManagerId: 'hm_sam',
    startedAt: '2026-11-06T09:00:00Z',
    endedAt: null,
  });
}

function policyWith(digest: Partial<Policy['digest']>): Policy {
  return { ...defaultPolicy, digest: { ...defaultPolicy.digest, ...digest } };
}

describe('digests on a real database', () => {
  let api: TestApi;
  let db: DigestFixtures;

  beforeAll(async () => {
    api = await startTestApi();
    db = await DigestFixtures.connect(api.database.url);
    await seed(db);
  });

  afterAll(async () => {
    await db?.close();
    await api?.close();
  });

  beforeEach(async () => {
    await db.query(`DELETE FROM notifications WHERE kind = 'digest'`);
    await db.query(`DELETE FROM digests`);
  });

  function serviceWith(policy: Policy = defaultPolicy): DigestsService {
    return new DigestsService(
      api.app.get(DigestsRepository),
      new AppConfig(api.config.env, policy),
      api.app.get(OutboxService),
      api.app.get(OutboxRelayNudge),
    );
  }

  const friday = new Date('2026-11-20T08:00:00Z');

  it('composes a recruiter digest from the database', async () => {
    const digest = await serviceWith().composeFor('rec_priya', '2026-11-20', friday);
    expect(digest).toMatchSnapshot();
  });

  it("lists the recruiter's own open, unsnoozed flags on active applications, one entry per candidate", async () => {
    const service = serviceWith();
    const names = (digest: Awaited<ReturnType<DigestsService['composeFor']>>) =>
      digest!.entries.map((entry) => entry.candidate_name).sort();
    const priya = await service.composeFor('rec_priya', '2026-11-20', friday);
    expect(names(priya)).toEqual([
      'Ada Lovelace',
      'Barbara Liskov',
      'Grace Hopper',
      'Hedy Lamarr',
      'Ida Rhodes',
      'Katherine Johnson',
      'Margaret Hamilton',
    ]);
    const grace = priya!.entries.find((entry) => entry.application_id === 'app_grace')!;
    expect(grace.reasons.map((reason) => reason.flag_id)).toEqual([
      flagIds.graceFeedback,
      flagIds.graceDecision,
    ]);
    expect(names(await service.composeFor('rec_lee', '2026-11-20', friday))).toEqual(['Olivia Other']);
    // Once the snooze is over, the flag is back.
    const later = await service.composeFor('rec_priya', '2026-11-25', new Date('2026-11-25T09:00:00Z'));
    expect(names(later)).toContain('Snoozy Sloane');
    expect(names(later)).not.toContain('Closed Clara');
    expect(names(later)).not.toContain('Resolved Rita');
  });

  it('reports what keepwarm already did and the managers in the footer', async () => {
    const digest = (await serviceWith().composeFor('rec_priya', '2026-11-20', friday))!;
    const entry = (id: string) => digest.entries.find((candidate) => candidate.application_id === id)!;
    expect(entry('app_grace').automatic).toEqual(['manager reminded twice, last Wednesday']);
    expect(entry('app_grace').hiring_manager_name).toBe('Sam Ortiz');
    expect(entry('app_katherine').automatic).toEqual(['update sent on 11 Nov']);
    expect(digest.manager_stats).toEqual([
      { manager_name: 'Dana Lee', median_hours_to_feedback: 50, periods: 3 },
      { manager_name: 'Sam Ortiz', median_hours_to_feedback: 20, periods: 2 },
      // On hold, not closed: still this recruiter's manager.
      { manager_name: 'Noor Haddad', median_hours_to_feedback: null, periods: 0 },
    ]);
  });

  it("does not ask the recruiter for what keepwarm's own update answered, sent or going out today", async () => {
    const digest = (await serviceWith().composeFor('rec_priya', '2026-11-20', friday))!;
    const entry = (id: string) => digest.entries.find((candidate) => candidate.application_id === id)!;
    expect(entry('app_hedy')).toMatchObject({
      needs_you: false,
      actions: [],
      automatic: ['update sent on 12 Nov'],
    });
    expect(entry('app_hedy').reasons[0].handled).toEqual({
      status: 'sent',
      at: '2026-11-20T07:30:00.000Z',
      text: 'keepwarm sent an update today at 07:30',
    });
    expect(entry('app_ida')).toMatchObject({ needs_you: false, actions: [] });
    expect(entry('app_ida').reasons[0].handled).toMatchObject({
      status: 'planned',
      text: "keepwarm's update goes out today at 14:00",
    });
    // Katherine's silence started with keepwarm's last update: still hers to answer.
    expect(entry('app_katherine')).toMatchObject({ needs_you: true, actions: ['send_keep_warm_update'] });
    expect(
      digest.entries
        .slice(-2)
        .map((candidate) => candidate.application_id)
        .sort(),
    ).toEqual(['app_hedy', 'app_ida']);
    expect(digest.counts).toMatchObject({ candidates: 5, handled_by_keepwarm: 2 });
  });

  it('says a candidate who wrote is waiting for the recruiter', async () => {
    const digest = (await serviceWith().composeFor('rec_priya', '2026-11-20', friday))!;
    const margaret = digest.entries.find((entry) => entry.application_id === 'app_margaret')!;
    expect(margaret.awaiting_reply).toEqual({
      since: '2026-11-19T16:00:00.000Z',
      text: 'Wrote yesterday and is waiting for your reply: keepwarm sends no automatic update until a person answers.',
    });
    expect(digest.entries.find((entry) => entry.application_id === 'app_ada')!.awaiting_reply).toBeNull();
  });

  it('names at most digest.max_candidates and counts the rest', async () => {
    const digest = (await serviceWith(policyWith({ max_candidates: 2 })).composeFor(
      'rec_priya',
      '2026-11-20',
      friday,
    ))!;
    expect(digest.entries.map((entry) => entry.candidate_name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(digest.not_listed).toEqual({ candidates: 3, handled_by_keepwarm: 2 });
    expect(digest.counts.candidates).toBe(5);
    expect(digest.desk_url).toBe(`${api.config.env.publicBaseUrl}/app`);
  });

  describe('new since the previous digest', () => {
    const thursday = new Date('2026-11-19T08:00:00Z');

    function freshness(digest: Awaited<ReturnType<DigestsService['composeFor']>>): Record<string, boolean> {
      return Object.fromEntries(digest!.entries.map((entry) => [entry.application_id, entry.is_new]));
    }

    it('marks everything new in a first digest', async () => {
      const digest = (await serviceWith().composeFor('rec_priya', '2026-11-20', friday))!;
      expect(digest.previous).toBeNull();
      expect(digest.entries.every((entry) => entry.is_new)).toBe(true);
    });

    it("marks what came up since the recruiter's previous stored digest", async () => {
      const service = serviceWith();
      expect(await service.queueDigest('rec_priya', '2026-11-19', thursday, { explicit: false })).toBe(
        'queued',
      );
      const digest = (await service.composeFor('rec_priya', '2026-11-20', friday))!;
      expect(digest.previous).toEqual({ local_date: '2026-11-19', generated_at: '2026-11-19T08:00:00.000Z' });
      expect(freshness(digest)).toEqual({
        app_ada: true,
        // The decision is new; the feedback wait was already there.
        app_grace: true,
        app_margaret: false,
        app_katherine: true,
        app_barbara: false,
        app_hedy: true,
        app_ida: true,
      });
      const grace = digest.entries.find((entry) => entry.application_id === 'app_grace')!;
      expect(grace.reasons.map((reason) => reason.is_new)).toEqual([false, true]);
      expect(digest.counts.new).toBe(3);
      // The same digest over HTTP, and the subject says how many are new.
      const stored = await service.queueDigest('rec_priya', '2026-11-20', friday, { explicit: false });
      expect(stored).toBe('queued');
      const html = await api.request({
        method: 'GET',
        url: '/v1/recruiters/rec_priya/digest?date=2026-11-20',
        headers: { accept: 'text/html' },
      });
      expect(html.body).toContain(
        '<title>5 candidates need you today (3 new): 1 urgent, 2 high, 2 medium</title>',
      );
    });

    it('reaches back over the weekend and past a skipped digest, never forward', async () => {
      const service = serviceWith();
      await service.queueDigest('rec_priya', '2026-11-19', thursday, { explicit: false });
      // A later date stored earlier (POST /v1/digests with a date) is not "previous".
      await service.queueDigest('rec_priya', '2026-11-24', thursday, { explicit: true });
      const monday = (await service.composeFor('rec_priya', '2026-11-23', new Date('2026-11-23T08:00:00Z')))!;
      expect(monday.previous?.local_date).toBe('2026-11-19');

      // Quinn's Thursday digest was empty (skipped): Friday's has nothing before it.
      expect(await service.queueDigest('rec_quiet', '2026-11-19', thursday, { explicit: false })).toBe(
        'skipped',
      );
      expect((await service.composeFor('rec_quiet', '2026-11-20', friday))!.previous).toBeNull();
    });

    it("goes by the recruiter's own local dates: Tokyo's Friday follows Tokyo's Thursday", async () => {
      const service = serviceWith();
      // Thursday 08:00 in Tokyo is Wednesday 23:00Z; Friday 08:00 is Thursday 23:00Z.
      await service.queueDigest('rec_kenji', '2026-11-19', new Date('2026-11-18T23:00:00Z'), {
        explicit: false,
      });
      const friday8am = new Date('2026-11-19T23:00:00Z');
      const digest = (await service.composeFor('rec_kenji', '2026-11-20', friday8am))!;
      expect(digest.previous).toEqual({ local_date: '2026-11-19', generated_at: '2026-11-18T23:00:00.000Z' });
      // Hiro's flag was raised in October: nothing new.
      expect(freshness(digest)).toEqual({ app_tokyo: false });
    });

    it('follows New York across the end of summer time: Monday after Friday, each at 08:00 local', async () => {
      const service = serviceWith();
      // Friday 30 October 08:00 EDT is 12:00Z; Monday 2 November 08:00 EST is 13:00Z.
      await service.queueDue(new Date('2026-10-30T12:00:00Z'));
      await service.queueDue(new Date('2026-11-02T13:00:00Z'));
      const monday = (await service.storedDigest('rec_nora', '2026-11-02'))!;
      expect(monday.previous).toEqual({ local_date: '2026-10-30', generated_at: '2026-10-30T12:00:00.000Z' });
      expect(freshness(monday)).toEqual({ app_ny: false, app_ny_weekend: true });
      expect(monday.counts.new).toBe(1);
    });
  });

  it('queues a digest once per recruiter and date, to the recruiter only', async () => {
    const service = serviceWith();
    expect(await service.queueDigest('rec_priya', '2026-11-20', friday, { explicit: false })).toBe('queued');
    expect(await service.queueDigest('rec_priya', '2026-11-20', friday, { explicit: true })).toBe('exists');
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        service.queueDigest('rec_lee', '2026-11-20', friday, { explicit: true }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'queued')).toHaveLength(1);
    // The number of candidates who need the recruiter.
    expect(await db.digestRows()).toEqual([
      { recruiter_id: 'rec_lee', local_date: '2026-11-20', status: 'queued', item_count: 1 },
      { recruiter_id: 'rec_priya', local_date: '2026-11-20', status: 'queued', item_count: 5 },
    ]);
    const notifications = await db.digestNotifications();
    expect(notifications).toEqual([
      expect.objectContaining({
        idempotency_key: 'digest:rec_lee:2026-11-20',
        recipient_role: 'recruiter',
        recipient_person_id: 'rec_lee',
      }),
      expect.objectContaining({
        idempotency_key: 'digest:rec_priya:2026-11-20',
        recipient_role: 'recruiter',
        recipient_person_id: 'rec_priya',
      }),
    ]);
    expect(
      notifications.every((n) => n.status === 'pending' || n.status === 'queued' || n.status === 'sent'),
    ).toBe(true);
  });

  it('records an empty digest as skipped (skip_empty) and sends nothing; without skip_empty it is sent', async () => {
    expect(await serviceWith().queueDigest('rec_quiet', '2026-11-20', friday, { explicit: false })).toBe(
      'skipped',
    );
    expect(await serviceWith().queueDigest('rec_quiet', '2026-11-20', friday, { explicit: false })).toBe(
      'exists',
    );
    expect(await db.digestRows()).toEqual([
      { recruiter_id: 'rec_quiet', local_date: '2026-11-20', status: 'skipped', item_count: 0 },
    ]);
    expect(await db.digestNotifications()).toEqual([]);
    const sendEmpty = serviceWith(policyWith({ skip_empty: false }));
    expect(await sendEmpty.queueDigest('rec_quiet', '2026-11-23', friday, { explicit: false })).toBe(
      'queued',
    );
  });

  it('stores the digest of a recruiter without an email and records its notification as suppressed', async () => {
    expect(await serviceWith().queueDigest('rec_noemail', '2026-11-20', friday, { explicit: false })).toBe(
      'suppressed',
    );
    expect(await db.digestNotifications()).toEqual([
      expect.objectContaining({
        status: 'suppressed',
        reason: 'recruiter_has_no_email',
        recipient_role: 'recruiter',
      }),
    ]);
  });

  it('keeps no candidate names in stored digests: a past digest shows erased candidates as erased', async () => {
    const service = serviceWith();
    await service.queueDigest('rec_lee', '2026-11-20', friday, { explicit: false });
    const { rows } = await db.query<{ content: string }>(`SELECT content::text AS content FROM digests`);
    expect(rows[0].content).not.toContain('Olivia Other');
    expect(JSON.stringify(await service.storedDigest('rec_lee', '2026-11-20'))).toContain('Olivia Other');

    await db.query(`UPDATE candidates SET name = '[erased]' WHERE id = 'cand_app_other'`);
    try {
      const stored = JSON.stringify(await service.storedDigest('rec_lee', '2026-11-20'));
      expect(stored).not.toContain('Olivia Other');
      expect(stored).toContain('[erased]');
    } finally {
      await db.query(`UPDATE candidates SET name = 'Olivia Other' WHERE id = 'cand_app_other'`);
    }
  });

  async function dueAt(service: DigestsService, now: string): Promise<string[]> {
    await service.queueDue(new Date(now));
    return (await db.digestRows()).map((row) => `${row.recruiter_id} ${row.local_date}`);
  }

  it('finds recruiters due at 08:00 in their own timezone, on both sides of UTC', async () => {
    const service = serviceWith();
    // Thu 19 Nov 22:30Z: Tokyo is at Fri 07:30 (not yet); Los Angeles at Thu 14:30; London at 22:30; New York 17:30.
    expect(await dueAt(service, '2026-11-19T22:30:00Z')).toEqual([
      'rec_lee 2026-11-19',
      'rec_noemail 2026-11-19',
      'rec_nora 2026-11-19',
      'rec_priya 2026-11-19',
      'rec_quiet 2026-11-19',
    ]);
    // 23:00Z is 08:00 Friday in Tokyo.
    expect(await dueAt(service, '2026-11-19T23:00:00Z')).toContain('rec_kenji 2026-11-20');
    expect(await dueAt(service, '2026-11-19T23:00:00Z')).not.toContain('rec_kenji 2026-11-19');
    // Fri 15:59Z is 07:59 in Los Angeles: not yet; 16:00Z is 08:00.
    expect(await dueAt(service, '2026-11-20T15:59:00Z')).not.toContain('rec_lee 2026-11-20');
    expect(await dueAt(service, '2026-11-20T16:00:00Z')).toContain('rec_lee 2026-11-20');
    // Nothing twice, however often the schedule ticks.
    await service.queueDue(new Date('2026-11-20T16:15:00Z'));
    const rows = await db.digestRows();
    expect(new Set(rows.map((row) => `${row.recruiter_id} ${row.local_date}`)).size).toBe(rows.length);
  });

  it('sends at 08:00 on the morning clocks fall back (New York, Sunday 1 Nov 2026)', async () => {
    // A Sunday: the weekend rule is off for this test.
    const service = serviceWith(policyWith({ business_days_only: false }));
    // 12:00Z would be 08:00 under summer time; after the change at 06:00Z it is 07:00 EST.
    expect(await dueAt(service, '2026-11-01T12:00:00Z')).not.toContain('rec_nora 2026-11-01');
    expect(await dueAt(service, '2026-11-01T12:59:59Z')).not.toContain('rec_nora 2026-11-01');
    expect(await dueAt(service, '2026-11-01T13:00:00Z')).toContain('rec_nora 2026-11-01');
  });

  it('skips weekends and the recruiter’s public holidays when business_days_only is on', async () => {
    const service = serviceWith();
    // Saturday 21 Nov, noon in London, Los Angeles morning.
    expect(await dueAt(service, '2026-11-21T17:00:00Z')).toEqual([]);
    // Thanksgiving (Thu 26 Nov) in the US: Lee and Nora rest; London works.
    const thanksgiving = await dueAt(service, '2026-11-26T17:00:00Z');
    expect(thanksgiving).toContain('rec_priya 2026-11-26');
    expect(thanksgiving).not.toContain('rec_lee 2026-11-26');
    expect(thanksgiving).not.toContain('rec_nora 2026-11-26');
  });

  describe('HTTP', () => {
    it('POST /v1/digests queues each recruiter once however often it is called', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.request({ method: 'POST', url: '/v1/digests', body: { date: '2026-11-21' } }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      const totals = responses
        .map((response) => response.json<{ queued: number; skipped: number }>())
        .reduce(
          (sum, answer) => ({ queued: sum.queued + answer.queued, skipped: sum.skipped + answer.skipped }),
          {
            queued: 0,
            skipped: 0,
          },
        );
      // Four recruiters with flags and an email are queued; one without an email (suppressed) and one
      // with nothing to do (empty) count as skipped.
      expect(totals).toEqual({ queued: 4, skipped: 2 });
      const rows = await db.digestRows();
      expect(rows).toHaveLength(6);
      expect(rows.every((row) => row.local_date === '2026-11-21')).toBe(true);
      const notifications = await db.digestNotifications();
      expect(notifications.map((n) => n.idempotency_key)).toEqual([
        ...new Set(notifications.map((n) => n.idempotency_key)),
      ]);
      expect(notifications).toHaveLength(5);
      const again = await api.request({
        method: 'POST',
        url: '/v1/digests',
        body: { recruiter_id: 'rec_priya', date: '2026-11-21' },
      });
      expect(again.json()).toEqual({ queued: 0, skipped: 0 });
    });

    it("POST /v1/digests without a date uses each recruiter's local today", async () => {
      const response = await api.request({
        method: 'POST',
        url: '/v1/digests',
        body: { recruiter_id: 'rec_kenji' },
      });
      expect(response.json()).toEqual({ queued: 1, skipped: 0 });
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
      expect(await db.digestRows()).toEqual([
        expect.objectContaining({ recruiter_id: 'rec_kenji', local_date: today }),
      ]);
    });

    it('POST /v1/digests answers 404 for an unknown recruiter and 400 for a bad date', async () => {
      const unknown = await api.request({
        method: 'POST',
        url: '/v1/digests',
        body: { recruiter_id: 'hm_dana' },
      });
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      for (const date of ['2026-02-30', '20261120', 'tomorrow', 7]) {
        const bad = await api.request({ method: 'POST', url: '/v1/digests', body: { date } });
        expect(bad.status).toBe(400);
        expect(bad.json<{ errors: Array<{ path: string }> }>().errors[0].path).toBe('date');
      }
      expect(await db.digestRows()).toEqual([]);
    });

    it('GET /v1/recruiters/{id}/digest: live JSON today, the stored one for a past date, HTML on request', async () => {
      const live = await api.request({ method: 'GET', url: '/v1/recruiters/rec_priya/digest' });
      expect(live.status).toBe(200);
      expect(live.headers['content-type']).toContain('application/json');
      const digest = live.json<{ local_date: string; recruiter: { id: string }; is_empty: boolean }>();
      expect(digest.recruiter.id).toBe('rec_priya');
      expect(digest.local_date).toBe(
        new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()),
      );
      expect(await db.digestRows()).toEqual([]);

      await serviceWith().queueDigest('rec_priya', '2026-11-20', friday, { explicit: true });
      const stored = await api.request({
        method: 'GET',
        url: '/v1/recruiters/rec_priya/digest?date=2026-11-20',
      });
      expect(stored.status).toBe(200);
      expect(stored.json()).toEqual(
        await serviceWith()
          .composeFor('rec_priya', '2026-11-20', friday)
          .then((d) => JSON.parse(JSON.stringify(d))),
      );

      const html = await api.request({
        method: 'GET',
        url: '/v1/recruiters/rec_priya/digest?date=2026-11-20',
        headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      });
      expect(html.status).toBe(200);
      expect(html.headers['content-type']).toContain('text/html');
      expect(html.body).toContain('Grace Hopper');
      expect(html.body).not.toContain('Olivia Other');

      expect(
        (await api.request({ method: 'GET', url: '/v1/recruiters/rec_priya/digest?date=2026-11-01' })).status,
      ).toBe(404);
      expect((await api.request({ method: 'GET', url: '/v1/recruiters/nobody/digest' })).status).toBe(404);
      const bad = await api.request({
        method: 'GET',
        url: '/v1/recruiters/rec_priya/digest?date=2026-13-01',
      });
      expect(bad.status).toBe(400);
    });

    it('reads a digest stored before entries existed (a line per flag under sections) as entries', async () => {
      const line = (flagId: string, kind: string, action: string, severity: string, text: string) => ({
        flag_id: flagId,
        application_id: 'app_other',
        kind,
        action,
        severity,
        candidate_name: '',
        job_title: 'Product Designer',
        stage_name: 'Onsite',
        stage_kind: 'interview',
        application_url: null,
        hiring_manager_name: 'Sam Ortiz',
        raised_at: '2026-10-01T07:00:00.000Z',
        waiting_since: '2026-09-20T07:00:00.000Z',
        measure: { value: 52, unit: 'business_hours', text },
        automatic: ['update sent on 25 Sep'],
      });
      const legacy = {
        recruiter: { id: 'rec_lee', name: 'Lee Park', timezone: 'America/Los_Angeles' },
        local_date: '2026-10-01',
        generated_at: '2026-10-01T15:00:00.000Z',
        is_empty: false,
        counts: { total: 2, candidates: 1, by_severity: { urgent: 0, high: 1, medium: 1, low: 0 } },
        sections: [
          {
            kind: 'candidate_awaiting_reply',
            lines: [
              line(
                flagIds.other,
                'candidate_awaiting_reply',
                'reply_to_candidate',
                'medium',
                '1.5 business days waiting for a reply',
              ),
            ],
          },
          {
            kind: 'feedback_overdue',
            lines: [
              line(
                flagIds.graceFeedback,
                'feedback_overdue',
                'nudge_hiring_manager',
                'high',
                '52 business hours waiting on Sam Ortiz',
              ),
            ],
          },
        ],
        manager_stats: [],
      };
      await db.query(
        `INSERT INTO digests (recruiter_id, local_date, status, content, item_count) VALUES ('rec_lee', '2026-10-01', 'queued', $1, 2)`,
        [JSON.stringify(legacy)],
      );
      const json = await api.request({ method: 'GET', url: '/v1/recruiters/rec_lee/digest?date=2026-10-01' });
      expect(json.status).toBe(200);
      const digest = json.json<{
        entries: Array<{ candidate_name: string; reasons: Array<{ flag_id: string }> }>;
      }>();
      expect(digest.entries).toHaveLength(1);
      expect(digest.entries[0].candidate_name).toBe('Olivia Other');
      expect(digest.entries[0].reasons.map((reason) => reason.flag_id)).toEqual([
        flagIds.graceFeedback,
        flagIds.other,
      ]);
      const html = await api.request({
        method: 'GET',
        url: '/v1/recruiters/rec_lee/digest?date=2026-10-01',
        headers: { accept: 'text/html' },
      });
      expect(html.status).toBe(200);
      expect(html.body).toContain('1 candidate needs you today: 1 high');
    });

    it('documents both endpoints in OpenAPI, with HTML and JSON', async () => {
      const document = (await api.request({ method: 'GET', url: '/docs/json' })).json<{
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
        >;
      }>();
      expect(document.paths['/v1/digests'].post).toBeDefined();
      const read = document.paths['/v1/recruiters/{id}/digest'].get;
      expect(Object.keys(read.responses['200'].content ?? {})).toEqual(
        expect.arrayContaining(['application/json', 'text/html']),
      );
    });
  });
});
