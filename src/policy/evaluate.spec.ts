import fc from 'fast-check';
import { DateTime } from 'luxon';
import { createCalendars } from './business-calendar';
import { evaluate } from './evaluate';
import { defaultPolicy, type Policy } from './policy';
import type { AnsweredCause, ApplicationFacts, Evaluation, FlagKind, PersonFacts } from './types';

const minute = 60_000;
const utc = (iso: string): Date => new Date(`${iso}Z`);
const zoned = (iso: string, zone: string): Date => DateTime.fromISO(iso, { zone }).toJSDate();
const shift = (at: Date, ms: number): Date => new Date(at.getTime() + ms);

function person(id: string, timezone: string | null = null, country: string | null = null): PersonFacts {
  return { id, name: `Person ${id}`, timezone, country };
}

// A quiet active application: created Monday 2026-11-02 09:00 UTC, nothing pending.
function facts(overrides: Partial<ApplicationFacts> = {}): ApplicationFacts {
  return {
    id: 'app-1',
    status: 'active',
    source: 'canonical',
    createdAt: utc('2026-11-02T09:00'),
    stage: {
      name: 'Hiring Manager Review',
      kind: 'hiring_manager_review',
      enteredAt: utc('2026-11-02T09:00'),
    },
    candidate: { id: 'cand-1', timezone: null, country: null, isAgency: false, canEmail: true },
    recruiter: person('rec-1'),
    hiringManager: person('hm-1'),
    job: { id: 'job-1', status: 'open', statusChangedAt: utc('2026-10-01T00:00') },
    lastOutboundContactAt: null,
    oldestUnansweredInboundAt: null,
    awaitingFeedbackSince: null,
    promise: null,
    competingOfferDeadline: null,
    scheduling: { clockSince: null, hasScheduledInterview: false, reschedulesInStage: 0 },
    ...overrides,
  };
}

function run(
  application: ApplicationFacts,
  now: Date,
  options: { policy?: Policy; answered?: AnsweredCause[] } = {},
): Evaluation {
  const policy = options.policy ?? defaultPolicy;
  return evaluate(application, { answered: options.answered ?? [] }, policy, now, createCalendars(policy));
}

function flagOf(evaluation: Evaluation, kind: FlagKind): { severity: string; cause: string } | null {
  const flag = evaluation.flags.find((candidate) => candidate.kind === kind);
  return flag ? { severity: flag.severity, cause: flag.cause } : null;
}

interface ThresholdCase {
  name: string;
  application: ApplicationFacts;
  policy?: Policy;
  kind: FlagKind;
  /** The instant the threshold is reached. */
  at: Date;
  before: { severity: string; cause: string } | null;
  after: { severity: string; cause: string };
}

const fridayThree = utc('2026-11-20T15:00');
const thresholdCases: ThresholdCase[] = [
  {
    name: 'feedback_overdue level 1: Friday 15:00 + 48 business hours = Tuesday 15:00',
    application: facts({
      awaitingFeedbackSince: fridayThree,
      lastOutboundContactAt: utc('2026-11-20T15:00'),
    }),
    kind: 'feedback_overdue',
    at: utc('2026-11-24T15:00'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-20T15:00:00.000Z#1' },
  },
  {
    name: 'feedback_overdue level 2 at 2x (96h) is a new cause, high',
    application: facts({
      awaitingFeedbackSince: fridayThree,
      lastOutboundContactAt: utc('2026-11-20T15:00'),
    }),
    kind: 'feedback_overdue',
    at: utc('2026-11-26T15:00'),
    before: { severity: 'medium', cause: '2026-11-20T15:00:00.000Z#1' },
    after: { severity: 'high', cause: '2026-11-20T15:00:00.000Z#2' },
  },
  {
    name: 'decision_overdue after 10 business days',
    application: facts({ awaitingFeedbackSince: utc('2026-11-02T00:00') }),
    kind: 'decision_overdue',
    at: utc('2026-11-14T00:00'),
    before: null,
    after: { severity: 'high', cause: '2026-11-02T00:00:00.000Z' },
  },
  {
    name: 'candidate_silent after 5 business days from creation',
    application: facts(),
    kind: 'candidate_silent',
    at: utc('2026-11-09T09:00'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-02T09:00:00.000Z' },
  },
  {
    name: 'candidate_silent turns high at 2x, same cause',
    application: facts(),
    kind: 'candidate_silent',
    at: utc('2026-11-16T09:00'),
    before: { severity: 'medium', cause: '2026-11-02T09:00:00.000Z' },
    after: { severity: 'high', cause: '2026-11-02T09:00:00.000Z' },
  },
  {
    name: 'candidate_silent counts from the last outbound contact',
    application: facts({ lastOutboundContactAt: utc('2026-11-04T12:00') }),
    kind: 'candidate_silent',
    at: utc('2026-11-11T12:00'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-04T12:00:00.000Z' },
  },
  {
    name: 'update_promise_missed at the promised date',
    application: facts({ promise: { madeAt: utc('2026-11-02T10:00'), by: utc('2026-11-06T10:00') } }),
    kind: 'update_promise_missed',
    at: utc('2026-11-06T10:00'),
    before: null,
    after: { severity: 'high', cause: '2026-11-02T10:00:00.000Z>2026-11-06T10:00:00.000Z' },
  },
  {
    name: 'update_promise_missed: contact at the very instant of the promise does not keep it',
    application: facts({
      lastOutboundContactAt: utc('2026-11-02T10:00'),
      promise: { madeAt: utc('2026-11-02T10:00'), by: utc('2026-11-06T10:00') },
    }),
    kind: 'update_promise_missed',
    at: utc('2026-11-06T10:00'),
    before: null,
    after: { severity: 'high', cause: '2026-11-02T10:00:00.000Z>2026-11-06T10:00:00.000Z' },
  },
  {
    name: 'candidate_awaiting_reply: Friday 15:00 + 1 business day = Monday 15:00',
    application: facts({ oldestUnansweredInboundAt: fridayThree, lastOutboundContactAt: fridayThree }),
    kind: 'candidate_awaiting_reply',
    at: utc('2026-11-23T15:00'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-20T15:00:00.000Z' },
  },
  {
    name: 'candidate_awaiting_reply turns high at 3 business days',
    application: facts({ oldestUnansweredInboundAt: fridayThree, lastOutboundContactAt: fridayThree }),
    kind: 'candidate_awaiting_reply',
    at: utc('2026-11-25T15:00'),
    before: { severity: 'medium', cause: '2026-11-20T15:00:00.000Z' },
    after: { severity: 'high', cause: '2026-11-20T15:00:00.000Z' },
  },
  {
    name: 'scheduling_stalled after 3 business days in an interview stage with nothing scheduled',
    application: facts({
      stage: { name: 'Onsite', kind: 'interview', enteredAt: utc('2026-11-02T09:00') },
      scheduling: {
        clockSince: utc('2026-11-02T09:00'),
        hasScheduledInterview: false,
        reschedulesInStage: 0,
      },
    }),
    kind: 'scheduling_stalled',
    at: utc('2026-11-05T09:00'),
    before: null,
    after: { severity: 'medium', cause: 'unscheduled@2026-11-02T09:00:00.000Z' },
  },
  {
    name: 'competing_offer_deadline opens 5 business days before the deadline',
    application: facts({
      competingOfferDeadline: utc('2026-11-20T17:00'),
      lastOutboundContactAt: utc('2026-11-12T00:00'),
    }),
    kind: 'competing_offer_deadline',
    at: utc('2026-11-13T17:00'),
    before: null,
    after: { severity: 'urgent', cause: '2026-11-20T17:00:00.000Z' },
  },
  // Business time and calendars: the hiring manager's for feedback, the recruiter's for the rest.
  {
    name: 'feedback on the hiring manager calendar: Tokyo, over Labour Thanksgiving (Mon 2026-11-23)',
    application: facts({
      hiringManager: person('hm-jp', 'Asia/Tokyo', 'JP'),
      awaitingFeedbackSince: zoned('2026-11-20T15:00', 'Asia/Tokyo'),
      lastOutboundContactAt: utc('2026-11-20T00:00'),
    }),
    kind: 'feedback_overdue',
    at: zoned('2026-11-25T15:00', 'Asia/Tokyo'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-20T06:00:00.000Z#1' },
  },
  {
    name: 'awaiting reply on the recruiter calendar: Los Angeles Friday 20:00 -> Monday 20:00',
    application: facts({
      recruiter: person('rec-la', 'America/Los_Angeles', 'US'),
      oldestUnansweredInboundAt: zoned('2026-11-20T20:00', 'America/Los_Angeles'),
      lastOutboundContactAt: utc('2026-11-20T00:00'),
    }),
    kind: 'candidate_awaiting_reply',
    at: zoned('2026-11-23T20:00', 'America/Los_Angeles'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-21T04:00:00.000Z' },
  },
  {
    name: 'silence in Sydney over Christmas, Boxing Day substitute, New Year and the year end',
    application: facts({
      createdAt: zoned('2026-12-24T10:00', 'Australia/Sydney'),
      recruiter: person('rec-au', 'Australia/Sydney', 'AU'),
    }),
    kind: 'candidate_silent',
    at: zoned('2027-01-05T10:00', 'Australia/Sydney'),
    before: null,
    after: { severity: 'medium', cause: '2026-12-23T23:00:00.000Z' },
  },
  {
    name: 'scheduling over US Thanksgiving (Thu 2026-11-26) in New York',
    application: facts({
      recruiter: person('rec-ny', 'America/New_York', 'US'),
      lastOutboundContactAt: utc('2026-11-24T00:00'),
      stage: { name: 'Panel', kind: 'interview', enteredAt: zoned('2026-11-24T09:00', 'America/New_York') },
      scheduling: {
        clockSince: zoned('2026-11-24T09:00', 'America/New_York'),
        hasScheduledInterview: false,
        reschedulesInStage: 0,
      },
    }),
    kind: 'scheduling_stalled',
    at: zoned('2026-11-30T09:00', 'America/New_York'),
    before: null,
    after: { severity: 'medium', cause: 'unscheduled@2026-11-24T14:00:00.000Z' },
  },
  {
    name: 'feedback over DE Christmas (Fri 2026-12-25) in Berlin',
    application: facts({
      hiringManager: person('hm-de', 'Europe/Berlin', 'DE'),
      awaitingFeedbackSince: zoned('2026-12-23T10:00', 'Europe/Berlin'),
      lastOutboundContactAt: utc('2026-12-23T00:00'),
    }),
    kind: 'feedback_overdue',
    at: zoned('2026-12-28T10:00', 'Europe/Berlin'),
    before: null,
    after: { severity: 'medium', cause: '2026-12-23T09:00:00.000Z#1' },
  },
  {
    name: 'feedback over the New York fall-back (2026-11-01) keeps local 15:00',
    application: facts({
      hiringManager: person('hm-ny', 'America/New_York', 'US'),
      awaitingFeedbackSince: zoned('2026-10-30T15:00', 'America/New_York'),
      createdAt: utc('2026-10-30T00:00'),
      lastOutboundContactAt: utc('2026-10-30T00:00'),
    }),
    kind: 'feedback_overdue',
    at: zoned('2026-11-03T15:00', 'America/New_York'),
    before: null,
    after: { severity: 'medium', cause: '2026-10-30T19:00:00.000Z#1' },
  },
  {
    name: 'feedback over the New York spring-forward (2026-03-08)',
    application: facts({
      hiringManager: person('hm-ny', 'America/New_York', 'US'),
      awaitingFeedbackSince: zoned('2026-03-06T15:00', 'America/New_York'),
      createdAt: utc('2026-03-06T00:00'),
      lastOutboundContactAt: utc('2026-03-06T00:00'),
    }),
    kind: 'feedback_overdue',
    at: zoned('2026-03-10T15:00', 'America/New_York'),
    before: null,
    after: { severity: 'medium', cause: '2026-03-06T20:00:00.000Z#1' },
  },
  {
    name: 'feedback over the Berlin spring-forward (2026-03-29)',
    application: facts({
      hiringManager: person('hm-de', 'Europe/Berlin', 'DE'),
      awaitingFeedbackSince: zoned('2026-03-27T15:00', 'Europe/Berlin'),
      createdAt: utc('2026-03-27T00:00'),
      lastOutboundContactAt: utc('2026-03-27T00:00'),
    }),
    kind: 'feedback_overdue',
    at: zoned('2026-03-31T15:00', 'Europe/Berlin'),
    before: null,
    after: { severity: 'medium', cause: '2026-03-27T14:00:00.000Z#1' },
  },
  {
    name: 'silence over the Berlin fall-back (2026-10-25)',
    application: facts({
      recruiter: person('rec-de', 'Europe/Berlin', 'DE'),
      createdAt: zoned('2026-10-22T11:00', 'Europe/Berlin'),
    }),
    kind: 'candidate_silent',
    at: zoned('2026-10-29T11:00', 'Europe/Berlin'),
    before: null,
    after: { severity: 'medium', cause: '2026-10-22T09:00:00.000Z' },
  },
  {
    name: 'a policy in Tokyo applies to people without a timezone',
    application: facts({
      awaitingFeedbackSince: zoned('2026-11-20T15:00', 'Asia/Tokyo'),
      lastOutboundContactAt: utc('2026-11-20T00:00'),
    }),
    policy: { ...defaultPolicy, timezone: 'Asia/Tokyo', country: 'JP' },
    kind: 'feedback_overdue',
    at: zoned('2026-11-25T15:00', 'Asia/Tokyo'),
    before: null,
    after: { severity: 'medium', cause: '2026-11-20T06:00:00.000Z#1' },
  },
];

describe('evaluate: every rule at its threshold', () => {
  it.each(thresholdCases)('$name', ({ application, policy, kind, at, before, after }) => {
    expect(flagOf(run(application, shift(at, -minute), { policy }), kind)).toEqual(before);
    expect(flagOf(run(application, at, { policy }), kind)).toEqual(after);
    expect(flagOf(run(application, shift(at, minute), { policy }), kind)).toEqual(after);
  });

  it.each(thresholdCases)(
    'announces the threshold as nextEvaluationAt: $name',
    ({ application, policy, at }) => {
      const evaluation = run(application, shift(at, -minute), { policy });
      expect(evaluation.nextEvaluationAt).toEqual(at);
    },
  );
});

describe('evaluate: rule details', () => {
  it('closed applications have no flags and nothing to wait for', () => {
    const application = facts({
      status: 'rejected',
      awaitingFeedbackSince: utc('2026-11-02T00:00'),
      job: { id: 'job-1', status: 'closed', statusChangedAt: utc('2026-11-02T00:00') },
    });
    expect(run(application, utc('2026-12-01T00:00'))).toEqual({ flags: [], nextEvaluationAt: null });
  });

  it('feedback_overdue carries the numbers, the hiring manager and the action', () => {
    const application = facts({ awaitingFeedbackSince: fridayThree, lastOutboundContactAt: fridayThree });
    const flag = run(application, utc('2026-11-24T16:00')).flags.find(
      (candidate) => candidate.kind === 'feedback_overdue',
    );
    expect(flag).toEqual({
      kind: 'feedback_overdue',
      action: 'nudge_hiring_manager',
      severity: 'medium',
      cause: '2026-11-20T15:00:00.000Z#1',
      waitingSince: fridayThree,
      details: {
        hours_waiting: 49,
        threshold_hours: 48,
        level: 1,
        halved: false,
        waiting_on: { id: 'hm-1', name: 'Person hm-1' },
        waiting_since: '2026-11-20T15:00:00.000Z',
      },
    });
  });

  it('every flag has its action and waiting_since', () => {
    const application = facts({
      awaitingFeedbackSince: utc('2026-10-01T00:00'),
      oldestUnansweredInboundAt: utc('2026-11-02T10:00'),
      promise: { madeAt: utc('2026-11-02T10:00'), by: utc('2026-11-03T10:00') },
      competingOfferDeadline: utc('2026-11-30T00:00'),
      stage: { name: 'Onsite', kind: 'interview', enteredAt: utc('2026-11-02T09:00') },
      scheduling: {
        clockSince: utc('2026-11-02T09:00'),
        hasScheduledInterview: false,
        reschedulesInStage: 0,
      },
      job: { id: 'job-1', status: 'on_hold', statusChangedAt: utc('2026-11-10T00:00') },
    });
    const { flags } = run(application, utc('2026-11-25T12:00'));
    expect(flags.map((flag) => [flag.kind, flag.action, flag.severity])).toEqual([
      ['feedback_overdue', 'nudge_hiring_manager', 'high'],
      ['decision_overdue', 'consider_rejection', 'high'],
      ['candidate_silent', 'send_keep_warm_update', 'high'],
      ['update_promise_missed', 'send_status_update', 'high'],
      ['candidate_awaiting_reply', 'reply_to_candidate', 'high'],
      ['scheduling_stalled', 'schedule_next_round', 'medium'],
      ['competing_offer_deadline', 'expedite', 'urgent'],
      ['job_closed_with_active_candidates', 'close_out_candidates', 'medium'],
    ]);
    for (const flag of flags) expect(flag.details['waiting_since']).toBe(flag.waitingSince.toISOString());
    expect(flags.find((flag) => flag.kind === 'job_closed_with_active_candidates')?.cause).toBe(
      'on_hold@2026-11-10T00:00:00.000Z',
    );
  });

  it('a promise kept by contact after it was made never flags', () => {
    const application = facts({
      lastOutboundContactAt: utc('2026-11-03T10:00'),
      promise: { madeAt: utc('2026-11-02T10:00'), by: utc('2026-11-06T10:00') },
    });
    expect(flagOf(run(application, utc('2026-11-07T10:00')), 'update_promise_missed')).toBeNull();
  });

  it('scheduling_stalled: two reschedules flag at once, a scheduled interview stops the clock, other stages never stall', () => {
    const interview = { name: 'Onsite', kind: 'interview' as const, enteredAt: utc('2026-11-02T09:00') };
    const twice = facts({
      stage: interview,
      scheduling: { clockSince: utc('2026-11-02T09:00'), hasScheduledInterview: true, reschedulesInStage: 2 },
    });
    expect(flagOf(run(twice, utc('2026-11-02T09:01')), 'scheduling_stalled')).toEqual({
      severity: 'medium',
      cause: 'rescheduled@2026-11-02T09:00:00.000Z',
    });
    const once = facts({
      stage: interview,
      scheduling: { clockSince: utc('2026-11-02T09:00'), hasScheduledInterview: true, reschedulesInStage: 1 },
    });
    expect(flagOf(run(once, utc('2026-11-20T09:00')), 'scheduling_stalled')).toBeNull();
    const review = facts({
      scheduling: {
        clockSince: utc('2026-11-02T09:00'),
        hasScheduledInterview: false,
        reschedulesInStage: 3,
      },
    });
    expect(flagOf(run(review, utc('2026-11-20T09:00')), 'scheduling_stalled')).toBeNull();
  });

  it('scheduling_stalled: once the reschedules are answered, a stalled clock shows with its own cause', () => {
    const application = facts({
      stage: { name: 'Onsite', kind: 'interview', enteredAt: utc('2026-11-02T09:00') },
      scheduling: {
        clockSince: utc('2026-11-04T09:00'),
        hasScheduledInterview: false,
        reschedulesInStage: 2,
      },
    });
    const answered = [{ kind: 'scheduling_stalled' as const, cause: 'rescheduled@2026-11-02T09:00:00.000Z' }];
    expect(flagOf(run(application, utc('2026-11-05T09:00'), { answered }), 'scheduling_stalled')).toBeNull();
    expect(flagOf(run(application, utc('2026-11-09T09:00'), { answered }), 'scheduling_stalled')).toEqual({
      severity: 'medium',
      cause: 'unscheduled@2026-11-04T09:00:00.000Z',
    });
  });

  it('job_closed_with_active_candidates flags at once and needs no later evaluation', () => {
    const application = facts({
      job: { id: 'job-1', status: 'closed', statusChangedAt: utc('2026-11-03T08:00') },
      lastOutboundContactAt: utc('2026-11-03T08:00'),
    });
    const evaluation = run(application, utc('2026-11-03T08:00'));
    expect(flagOf(evaluation, 'job_closed_with_active_candidates')).toEqual({
      severity: 'medium',
      cause: 'closed@2026-11-03T08:00:00.000Z',
    });
    // Only the silence clock is left to wait for.
    expect(evaluation.nextEvaluationAt).toEqual(utc('2026-11-10T08:00'));
  });
});

describe('evaluate: competing offer halving', () => {
  const deadline = utc('2026-11-20T17:00');
  const opensAt = utc('2026-11-13T17:00');

  it('halves feedback from the instant the competing-offer flag stands', () => {
    // Normally due Monday 11-16 17:00; halved (24h) it is already due when the window opens.
    const application = facts({
      awaitingFeedbackSince: utc('2026-11-12T17:00'),
      competingOfferDeadline: deadline,
      lastOutboundContactAt: utc('2026-11-12T17:00'),
    });
    const before = run(application, utc('2026-11-13T12:00'));
    expect(flagOf(before, 'feedback_overdue')).toBeNull();
    expect(before.nextEvaluationAt).toEqual(opensAt);
    const atOpening = run(application, opensAt);
    expect(flagOf(atOpening, 'competing_offer_deadline')).toEqual({
      severity: 'urgent',
      cause: '2026-11-20T17:00:00.000Z',
    });
    expect(flagOf(atOpening, 'feedback_overdue')).toEqual({
      severity: 'medium',
      cause: '2026-11-12T17:00:00.000Z#1',
    });
    expect(atOpening.flags.find((flag) => flag.kind === 'feedback_overdue')?.details).toMatchObject({
      threshold_hours: 24,
      halved: true,
    });
    // Level 2 at 2 x 24h, halved too.
    expect(flagOf(run(application, utc('2026-11-16T17:00')), 'feedback_overdue')).toEqual({
      severity: 'high',
      cause: '2026-11-12T17:00:00.000Z#2',
    });
  });

  it('ends the halving when the deadline passes: a flag standing only on the halved threshold resolves', () => {
    // Silent since Monday 11-16 17:00: halved (2.5 days = 60h) due Thursday 11-19 05:00, full due Monday 11-23 17:00.
    const application = facts({
      competingOfferDeadline: deadline,
      lastOutboundContactAt: utc('2026-11-16T17:00'),
    });
    expect(flagOf(run(application, utc('2026-11-19T04:59')), 'candidate_silent')).toBeNull();
    expect(flagOf(run(application, utc('2026-11-19T05:00')), 'candidate_silent')).toEqual({
      severity: 'medium',
      cause: '2026-11-16T17:00:00.000Z',
    });
    const lastMinute = run(application, shift(deadline, -minute));
    expect(lastMinute.flags.map((flag) => flag.kind)).toEqual([
      'candidate_silent',
      'competing_offer_deadline',
    ]);
    expect(lastMinute.nextEvaluationAt).toEqual(deadline);
    const afterDeadline = run(application, deadline);
    expect(afterDeadline.flags).toEqual([]);
    expect(afterDeadline.nextEvaluationAt).toEqual(utc('2026-11-23T17:00'));
  });

  it('a deadline already passed neither flags nor halves', () => {
    const application = facts({
      competingOfferDeadline: utc('2026-11-01T00:00'),
      lastOutboundContactAt: utc('2026-11-04T12:00'),
    });
    expect(flagOf(run(application, utc('2026-11-09T12:00')), 'candidate_silent')).toBeNull();
    expect(flagOf(run(application, utc('2026-11-09T12:00')), 'competing_offer_deadline')).toBeNull();
  });

  it('the window counts business days on the recruiter calendar (Thanksgiving pushes it earlier)', () => {
    const application = facts({
      recruiter: person('rec-ny', 'America/New_York', 'US'),
      competingOfferDeadline: zoned('2026-11-30T12:00', 'America/New_York'),
      lastOutboundContactAt: utc('2026-11-20T00:00'),
    });
    // 120 business hours back from Monday noon, skipping the weekend and Thanksgiving: Friday 11-20 noon.
    const opens = zoned('2026-11-20T12:00', 'America/New_York');
    expect(flagOf(run(application, shift(opens, -minute)), 'competing_offer_deadline')).toBeNull();
    expect(flagOf(run(application, opens), 'competing_offer_deadline')?.severity).toBe('urgent');
  });
});

describe('evaluate: answered causes', () => {
  const application = facts({ awaitingFeedbackSince: fridayThree, lastOutboundContactAt: fridayThree });
  const levelOne = { kind: 'feedback_overdue' as const, cause: '2026-11-20T15:00:00.000Z#1' };

  it('an answered level stays resolved; the next level reopens and is announced', () => {
    const evaluation = run(application, utc('2026-11-25T00:00'), { answered: [levelOne] });
    expect(flagOf(evaluation, 'feedback_overdue')).toBeNull();
    expect(evaluation.nextEvaluationAt).toEqual(utc('2026-11-26T15:00'));
    expect(
      flagOf(run(application, utc('2026-11-26T15:00'), { answered: [levelOne] }), 'feedback_overdue'),
    ).toEqual({
      severity: 'high',
      cause: '2026-11-20T15:00:00.000Z#2',
    });
  });

  it('an answered cause of another kind does not hide this one', () => {
    const evaluation = run(application, utc('2026-11-25T00:00'), {
      answered: [{ kind: 'decision_overdue', cause: levelOne.cause }],
    });
    expect(flagOf(evaluation, 'feedback_overdue')).toEqual({ severity: 'medium', cause: levelOne.cause });
  });

  it('an answered competing offer stays answered for that deadline; a new deadline reopens', () => {
    const answered = [{ kind: 'competing_offer_deadline' as const, cause: '2026-11-20T17:00:00.000Z' }];
    const same = facts({
      competingOfferDeadline: utc('2026-11-20T17:00'),
      lastOutboundContactAt: utc('2026-11-16T00:00'),
    });
    expect(flagOf(run(same, utc('2026-11-18T00:00'), { answered }), 'competing_offer_deadline')).toBeNull();
    const moved = facts({
      competingOfferDeadline: utc('2026-11-19T17:00'),
      lastOutboundContactAt: utc('2026-11-16T00:00'),
    });
    expect(flagOf(run(moved, utc('2026-11-18T00:00'), { answered }), 'competing_offer_deadline')?.cause).toBe(
      '2026-11-19T17:00:00.000Z',
    );
  });
});

describe('evaluate: nextEvaluationAt properties', () => {
  const zones = [
    null,
    'UTC',
    'America/New_York',
    'Europe/Berlin',
    'Asia/Tokyo',
    'America/Los_Angeles',
    'Australia/Sydney',
  ];
  const countries = [null, 'US', 'DE', 'JP', 'AU'];
  const base = utc('2026-10-01T00:00').getTime();
  const span = 120 * 24 * 60 * minute;
  const instant = fc
    .integer({ min: 0, max: span / minute })
    .map((minutes) => new Date(base + minutes * minute));
  const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
  const someone = fc.record({
    id: fc.constant('p'),
    name: fc.constant(null),
    timezone: fc.constantFrom(...zones),
    country: fc.constantFrom(...countries),
  });

  const applicationArbitrary = fc
    .record({
      createdAt: instant,
      stageKind: fc.constantFrom('hiring_manager_review' as const, 'interview' as const, 'applied' as const),
      recruiter: maybe(someone),
      hiringManager: maybe(someone),
      jobStatus: fc.constantFrom('open' as const, 'open' as const, 'closed' as const, 'on_hold' as const),
      lastOutboundContactAt: maybe(instant),
      oldestUnansweredInboundAt: maybe(instant),
      awaitingFeedbackSince: maybe(instant),
      promise: maybe(fc.tuple(instant, instant)),
      competingOfferDeadline: maybe(instant),
      clockSince: maybe(instant),
      hasScheduledInterview: fc.boolean(),
      reschedulesInStage: fc.integer({ min: 0, max: 3 }),
    })
    .map((drawn) =>
      facts({
        createdAt: drawn.createdAt,
        stage: { name: 'Stage', kind: drawn.stageKind, enteredAt: drawn.createdAt },
        recruiter: drawn.recruiter,
        hiringManager: drawn.hiringManager,
        job: { id: 'job-1', status: drawn.jobStatus, statusChangedAt: drawn.createdAt },
        lastOutboundContactAt: drawn.lastOutboundContactAt,
        oldestUnansweredInboundAt: drawn.oldestUnansweredInboundAt,
        awaitingFeedbackSince: drawn.awaitingFeedbackSince,
        promise: drawn.promise ? { madeAt: drawn.promise[0], by: drawn.promise[1] } : null,
        competingOfferDeadline: drawn.competingOfferDeadline,
        scheduling: {
          clockSince: drawn.clockSince,
          hasScheduledInterview: drawn.hasScheduledInterview,
          reschedulesInStage: drawn.reschedulesInStage,
        },
      }),
    );

  const policyArbitrary = fc
    .record({
      timezone: fc.constantFrom('UTC', 'America/New_York', 'Asia/Tokyo'),
      country: fc.constantFrom(null, 'US', 'DE'),
      feedback_sla_hours: fc.constantFrom(48, 4, 30.5),
      decision_overdue_business_days: fc.constantFrom(10, 2),
      silence_business_days: fc.constantFrom(5, 1.5),
      awaiting_reply_business_days: fc.constantFrom(1, 4),
      scheduling_stalled_business_days: fc.constantFrom(3, 0.25),
      competing_offer_window_business_days: fc.constantFrom(5, 1),
    })
    .map((numbers): Policy => ({ ...defaultPolicy, ...numbers }));

  const signature = (evaluation: Evaluation): string =>
    evaluation.flags
      .map((flag) => `${flag.kind}|${flag.severity}|${flag.cause}`)
      .sort()
      .join('\n');

  // Guarantee: nextEvaluationAt is exact. Nothing changes before it, something changes at it,
  // and with null nothing ever changes by time alone.
  it('nothing changes before nextEvaluationAt, something changes at it', () => {
    fc.assert(
      fc.property(
        applicationArbitrary,
        policyArbitrary,
        instant,
        instant,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (application, policy, now, earlier, fraction, answerSome) => {
          const calendars = createCalendars(policy);
          // Answer whatever stood at an earlier instant, to exercise answered causes.
          const answered = answerSome
            ? evaluate(application, { answered: [] }, policy, earlier, calendars).flags.map(
                ({ kind, cause }) => ({ kind, cause }),
              )
            : [];
          const history = { answered };
          const atNow = evaluate(application, history, policy, now, calendars);
          const next = atNow.nextEvaluationAt;
          if (next === null) {
            const later = new Date(now.getTime() + fraction * 400 * 24 * 60 * minute);
            expect(signature(evaluate(application, history, policy, later, calendars))).toBe(
              signature(atNow),
            );
            return;
          }
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          const justBefore = new Date(next.getTime() - minute);
          if (justBefore >= now)
            expect(signature(evaluate(application, history, policy, justBefore, calendars))).toBe(
              signature(atNow),
            );
          const between = new Date(
            now.getTime() + Math.floor(fraction * (next.getTime() - now.getTime() - 1)),
          );
          expect(signature(evaluate(application, history, policy, between, calendars))).toBe(
            signature(atNow),
          );
          expect(signature(evaluate(application, history, policy, next, calendars))).not.toBe(
            signature(atNow),
          );
        },
      ),
      { numRuns: 800 },
    );
  });
});
