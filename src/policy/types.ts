import type { JobStatus, StageKind } from '../canonical/canonical-event.schema';

// The inputs and outputs of evaluate(): plain data, no framework, no clock.

export const flagKinds = [
  'feedback_overdue',
  'decision_overdue',
  'candidate_silent',
  'update_promise_missed',
  'candidate_awaiting_reply',
  'scheduling_stalled',
  'competing_offer_deadline',
  'job_closed_with_active_candidates',
] as const;
export type FlagKind = (typeof flagKinds)[number];

export const actionForFlag = {
  feedback_overdue: 'nudge_hiring_manager',
  decision_overdue: 'consider_rejection',
  candidate_silent: 'send_keep_warm_update',
  update_promise_missed: 'send_status_update',
  candidate_awaiting_reply: 'reply_to_candidate',
  scheduling_stalled: 'schedule_next_round',
  competing_offer_deadline: 'expedite',
  job_closed_with_active_candidates: 'close_out_candidates',
} as const satisfies Record<FlagKind, string>;
export type FlagAction = (typeof actionForFlag)[FlagKind];
export const flagActions = [...new Set(Object.values(actionForFlag))] as [FlagAction, ...FlagAction[]];

export const severities = ['low', 'medium', 'high', 'urgent'] as const;
export type Severity = (typeof severities)[number];

export const recruiterActionKinds = [
  'manager_nudged',
  'candidate_updated',
  'rejection_sent',
  'scheduled',
  'expedited',
] as const;
export type RecruiterActionKind = (typeof recruiterActionKinds)[number];

/** Which open flags each recruiter action answers (docs/rules.md, "Recruiter actions"). */
export const flagsAnsweredBy: Record<RecruiterActionKind, readonly FlagKind[]> = {
  manager_nudged: ['feedback_overdue'],
  candidate_updated: [],
  rejection_sent: ['decision_overdue', 'job_closed_with_active_candidates'],
  scheduled: ['scheduling_stalled'],
  expedited: ['competing_offer_deadline'],
};

export type ApplicationStatus = 'active' | 'rejected' | 'hired' | 'withdrawn';

/** Where a person works from: business time runs on their calendar. Missing values fall back to the policy's. */
export interface PersonClock {
  timezone: string | null;
  country: string | null;
}

export interface PersonFacts extends PersonClock {
  id: string;
  name: string | null;
}

/** What the pipeline knows about one application, as the rules need it. */
export interface ApplicationFacts {
  id: string;
  status: ApplicationStatus;
  /** 'canonical', 'greenhouse', 'lever', 'ashby' */
  source: string;
  createdAt: Date;
  stage: { name: string; kind: StageKind; enteredAt: Date };
  candidate: PersonClock & { id: string; isAgency: boolean; canEmail: boolean };
  recruiter: PersonFacts | null;
  hiringManager: PersonFacts | null;
  job: { id: string; status: JobStatus; statusChangedAt: Date };
  /** Any outbound contact, keepwarm's own updates included: restarts the silence clock. */
  lastOutboundContactAt: Date | null;
  /** The oldest inbound contact no human has answered yet. */
  oldestUnansweredInboundAt: Date | null;
  /** Start of the current wait for the hiring manager's feedback. */
  awaitingFeedbackSince: Date | null;
  /** The latest promise of an update: when it was made and by when. */
  promise: { madeAt: Date; by: Date } | null;
  competingOfferDeadline: Date | null;
  scheduling: {
    /** When the scheduling clock started: entering an interview stage, or the last interview cancelled. */
    clockSince: Date | null;
    hasScheduledInterview: boolean;
    reschedulesInStage: number;
  };
}

/** A flag occurrence a recruiter already answered with an action: it stays resolved for the same cause. */
export interface AnsweredCause {
  kind: FlagKind;
  cause: string;
}

export interface EvaluationHistory {
  answered: readonly AnsweredCause[];
}

export interface FlagDraft {
  kind: FlagKind;
  action: FlagAction;
  severity: Severity;
  /** Identifies this occurrence: the same cause is the same flag; a new cause (a new level, deadline or message) is a new one. */
  cause: string;
  /** When the flag's clock started. */
  waitingSince: Date;
  /** Why, in numbers (hours_waiting, business_days_silent, deadline, waiting_on ...). */
  details: Record<string, unknown>;
}

export interface Evaluation {
  flags: FlagDraft[];
  /** The earliest instant at which any rule could answer differently; null when nothing can change by time alone. */
  nextEvaluationAt: Date | null;
}

/** Business time in one person's timezone and country. */
export interface BusinessCalendar {
  readonly timezone: string;
  readonly country: string | null;
  /** Business hours (fractional) elapsed between two instants; 0 when `to` is not after `from`. */
  businessHoursBetween(from: Date, to: Date): number;
  /** The instant at which `hours` business hours have elapsed since `from`. */
  addBusinessHours(from: Date, hours: number): Date;
  /** N business days are N x 24 business hours (docs/rules.md, "Business time"). */
  addBusinessDays(from: Date, days: number): Date;
  isBusinessDay(at: Date): boolean;
}

/** Hands out calendars per person, falling back to the policy's timezone and country. */
export interface Calendars {
  forPerson(person: Partial<PersonClock> | null | undefined): BusinessCalendar;
}
