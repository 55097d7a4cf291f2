import { createCalendars, defaultPolicy } from '../../policy';
import type { DigestInput, DigestItem } from './compose-digest';

// A realistic Friday-morning digest for one recruiter: every kind of flag, a candidate with two
// flags (one new since Thursday's digest), a candidate who wrote and waits for a reply, a silence
// keepwarm's own update answered this morning, and managers who answer at very different speeds.
// Shared by the compose and template specs.

const ats = 'https://ats.example.com/applications';

function item(overrides: Partial<DigestItem> & Pick<DigestItem, 'flag'>): DigestItem {
  return {
    application: { id: `app-${overrides.flag.id}`, url: null, stageName: 'Onsite', stageKind: 'interview' },
    candidate: { name: 'Unnamed Candidate' },
    job: { title: 'Software Engineer' },
    hiringManager: { name: 'Dana Lee' },
    automatic: { keepWarmSentAt: [], managerRemindersSent: 0 },
    ...overrides,
  };
}

export const fridayDigestInput: DigestInput = {
  recruiter: { id: 'rec-1', name: 'Priya Shah', timezone: 'Europe/London' },
  calendar: createCalendars(defaultPolicy).forPerson({ timezone: 'Europe/London', country: 'GB' }),
  localDate: '2026-11-20',
  now: new Date('2026-11-20T08:00:00Z'),
  previous: { localDate: '2026-11-19', generatedAt: new Date('2026-11-19T08:00:00Z') },
  maxCandidates: 25,
  deskUrl: 'https://keepwarm.example.com/app',
  managerStats: [
    { managerName: 'Sam Ortiz', medianHoursToFeedback: 20, periods: 3 },
    { managerName: 'Dana Lee', medianHoursToFeedback: 73.5, periods: 6 },
    { managerName: 'Noor Haddad', medianHoursToFeedback: null, periods: 0 },
  ],
  items: [
    item({
      flag: {
        id: 'flag-offer',
        kind: 'competing_offer_deadline',
        action: 'expedite',
        severity: 'urgent',
        raisedAt: new Date('2026-11-19T12:00:00Z'),
        waitingSince: new Date('2026-11-19T12:00:00Z'),
        details: { deadline: '2026-11-24T17:00:00Z', business_days_left: 2 },
      },
      application: { id: 'app-ada', url: `${ats}/app-ada`, stageName: 'Onsite', stageKind: 'interview' },
      candidate: { name: 'Ada Lovelace' },
      job: { title: 'Staff Engineer' },
    }),
    item({
      flag: {
        id: 'flag-feedback-grace',
        kind: 'feedback_overdue',
        action: 'nudge_hiring_manager',
        severity: 'high',
        raisedAt: new Date('2026-11-12T09:00:00Z'),
        waitingSince: new Date('2026-11-06T09:00:00Z'),
        details: { hours_waiting: 101.4, level: 2 },
      },
      application: {
        id: 'app-grace',
        url: `${ats}/app-grace`,
        stageName: 'Hiring Manager Review',
        stageKind: 'hiring_manager_review',
      },
      candidate: { name: 'Grace Hopper' },
      job: { title: 'Backend Engineer' },
      automatic: {
        keepWarmSentAt: [],
        managerRemindersSent: 2,
        lastReminderAt: new Date('2026-11-18T10:00:00Z'),
      },
    }),
    item({
      flag: {
        id: 'flag-decision-grace',
        kind: 'decision_overdue',
        action: 'consider_rejection',
        severity: 'high',
        raisedAt: new Date('2026-11-20T07:00:00Z'),
        waitingSince: new Date('2026-11-06T09:00:00Z'),
        details: { hours_waiting: 264 },
      },
      application: {
        id: 'app-grace',
        url: `${ats}/app-grace`,
        stageName: 'Hiring Manager Review',
        stageKind: 'hiring_manager_review',
      },
      candidate: { name: 'Grace Hopper' },
      job: { title: 'Backend Engineer' },
      automatic: {
        keepWarmSentAt: [],
        managerRemindersSent: 2,
        lastReminderAt: new Date('2026-11-18T10:00:00Z'),
      },
    }),
    item({
      flag: {
        id: 'flag-feedback-alan',
        kind: 'feedback_overdue',
        action: 'nudge_hiring_manager',
        severity: 'medium',
        raisedAt: new Date('2026-11-19T15:00:00Z'),
        waitingSince: new Date('2026-11-17T15:00:00Z'),
        details: { hours_waiting: 52 },
      },
      application: { id: 'app-alan', url: `${ats}/app-alan`, stageName: 'Onsite', stageKind: 'interview' },
      candidate: { name: 'Alan Turing' },
      job: { title: 'Backend Engineer' },
      hiringManager: { name: 'Sam Ortiz' },
      automatic: {
        keepWarmSentAt: [],
        managerRemindersSent: 1,
        lastReminderAt: new Date('2026-11-19T15:05:00Z'),
      },
    }),
    item({
      flag: {
        id: 'flag-silent-katherine',
        kind: 'candidate_silent',
        action: 'send_keep_warm_update',
        severity: 'medium',
        raisedAt: new Date('2026-11-19T10:00:00Z'),
        waitingSince: new Date('2026-11-11T10:00:00Z'),
        details: { business_days_silent: 6 },
      },
      application: {
        id: 'app-katherine',
        url: null,
        stageName: 'Phone Screen',
        stageKind: 'recruiter_screen',
      },
      candidate: { name: 'Katherine Johnson' },
      job: { title: 'Data Analyst' },
      // keepwarm's last update started this silence.
      automatic: { keepWarmSentAt: [new Date('2026-11-11T10:00:00Z')], managerRemindersSent: 0 },
    }),
    item({
      flag: {
        id: 'flag-promise-margaret',
        kind: 'update_promise_missed',
        action: 'send_status_update',
        severity: 'high',
        raisedAt: new Date('2026-11-18T17:00:00Z'),
        waitingSince: new Date('2026-11-18T17:00:00Z'),
        details: { promised_by: '2026-11-18T17:00:00Z' },
      },
      application: {
        id: 'app-margaret',
        url: `${ats}/app-margaret`,
        stageName: 'Take Home',
        stageKind: 'interview',
        // She wrote yesterday afternoon: not yet a flag of its own, but she waits for a person.
        awaitingReplySince: new Date('2026-11-19T16:00:00Z'),
      },
      candidate: { name: 'Margaret Hamilton' },
      job: { title: 'Staff Engineer' },
    }),
    item({
      flag: {
        id: 'flag-reply-edsger',
        kind: 'candidate_awaiting_reply',
        action: 'reply_to_candidate',
        severity: 'high',
        raisedAt: new Date('2026-11-17T09:00:00Z'),
        waitingSince: new Date('2026-11-16T09:00:00Z'),
        details: { business_days_waiting: 3.6 },
      },
      application: {
        id: 'app-edsger',
        url: `${ats}/app-edsger`,
        stageName: 'Onsite',
        stageKind: 'interview',
      },
      candidate: { name: 'Edsger Dijkstra' },
      job: { title: 'Staff Engineer' },
      automatic: {
        keepWarmSentAt: [new Date('2026-11-12T10:00:00Z'), new Date('2026-11-16T08:00:00Z')],
        managerRemindersSent: 0,
      },
    }),
    item({
      flag: {
        id: 'flag-scheduling-radia',
        kind: 'scheduling_stalled',
        action: 'schedule_next_round',
        severity: 'medium',
        raisedAt: new Date('2026-11-19T09:00:00Z'),
        waitingSince: new Date('2026-11-13T09:00:00Z'),
        details: { business_days_waiting: 4, reschedules_in_stage: 2 },
      },
      application: {
        id: 'app-radia',
        url: `${ats}/app-radia`,
        stageName: 'Technical Interview',
        stageKind: 'interview',
      },
      candidate: { name: 'Radia Perlman' },
      job: { title: 'Network Engineer' },
    }),
    item({
      flag: {
        id: 'flag-closed-barbara',
        kind: 'job_closed_with_active_candidates',
        action: 'close_out_candidates',
        severity: 'medium',
        raisedAt: new Date('2026-11-16T12:00:00Z'),
        waitingSince: new Date('2026-11-16T12:00:00Z'),
        details: { job_status: 'on_hold' },
      },
      application: { id: 'app-barbara', url: null, stageName: 'Applied', stageKind: 'applied' },
      candidate: { name: 'Barbara Liskov' },
      job: { title: 'Frontend Engineer' },
    }),
    item({
      flag: {
        id: 'flag-silent-hedy',
        kind: 'candidate_silent',
        action: 'send_keep_warm_update',
        severity: 'medium',
        raisedAt: new Date('2026-11-19T10:00:00Z'),
        waitingSince: new Date('2026-11-12T10:00:00Z'),
        details: { business_days_silent: 5 },
      },
      application: { id: 'app-hedy', url: `${ats}/app-hedy`, stageName: 'Applied', stageKind: 'applied' },
      candidate: { name: 'Hedy Lamarr' },
      job: { title: 'Data Analyst' },
      // The flag opened yesterday; keepwarm's update went out at 07:30 this morning.
      automatic: {
        keepWarmSentAt: [new Date('2026-11-12T10:00:00Z'), new Date('2026-11-20T07:30:00Z')],
        managerRemindersSent: 0,
      },
    }),
  ],
};
