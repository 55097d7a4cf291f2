import type { Policy } from './policy';
import {
  actionForFlag,
  type ApplicationFacts,
  type BusinessCalendar,
  type Calendars,
  type Evaluation,
  type EvaluationHistory,
  type FlagDraft,
  type FlagKind,
  type PersonFacts,
  type Severity,
} from './types';

// The rules of docs/rules.md ("Rule reference"), as pure functions of the facts and an instant.
// Every comparison is in whole milliseconds, so a threshold reached exactly counts (>=) and the
// instants nextEvaluationAt announces are the very ones the rules compare against.

const hourMs = 3_600_000;
// awaiting reply turns high at 3 business days, whatever the policy (docs/contract.md flag table).
const awaitingReplyHighBusinessDays = 3;

interface RuleContext {
  application: ApplicationFacts;
  policy: Policy;
  calendars: Calendars;
  at: Date;
  competingOffer: CompetingOfferWindow | null;
  /** 0.5 while a competing offer deadline stands (its flag's condition holds), else 1. */
  timeFactor: number;
}

/** A business-time clock: where it runs, since when, and the (unhalved) thresholds it crosses. */
interface BusinessClock {
  calendar: BusinessCalendar;
  since: Date;
  thresholdHours: readonly number[];
}

export function evaluate(
  application: ApplicationFacts,
  history: EvaluationHistory,
  policy: Policy,
  now: Date,
  calendars: Calendars,
): Evaluation {
  if (application.status !== 'active') return { flags: [], nextEvaluationAt: null };
  const answered = new Set(history.answered.map(({ kind, cause }) => answerKey(kind, cause)));
  const competingOffer = competingOfferWindow(application, policy, calendars);
  const visibleAt = (at: Date): FlagDraft[] => {
    const halving = competingOffer !== null && competingOfferStands(competingOffer, at);
    return visibleFlags(
      { application, policy, calendars, at, competingOffer, timeFactor: halving ? 0.5 : 1 },
      answered,
    );
  };
  const flags = visibleAt(now);
  const instants = changeInstants(application, policy, calendars, competingOffer);
  return { flags, nextEvaluationAt: nextChangeAfter(instants, now, flags, visibleAt) };
}

/** The flags at one instant: every rule's drafts, minus answered causes, at most one per kind. */
function visibleFlags(context: RuleContext, answered: ReadonlySet<string>): FlagDraft[] {
  const drafts = [
    ...feedbackOverdue(context),
    ...decisionOverdue(context),
    ...candidateSilent(context),
    ...updatePromiseMissed(context),
    ...candidateAwaitingReply(context),
    ...schedulingStalled(context),
    ...competingOfferDeadline(context),
    ...jobClosedWithActiveCandidates(context),
  ];
  const shown = new Set<FlagKind>();
  return drafts.filter((draft) => {
    if (shown.has(draft.kind) || answered.has(answerKey(draft.kind, draft.cause))) return false;
    shown.add(draft.kind);
    return true;
  });
}

// nextEvaluationAt is exact: the rules' answers are piecewise constant between the instants
// listed by changeInstants (every threshold, full and halved, the halving's start and end, the
// promise's date), so the first of those instants whose (kind, severity, cause) set differs
// from now's is the earliest change. Instants where nothing visible changes (an answered cause
// reaching its next severity, say) are skipped. Answered causes count, so recompute it after
// recording a recruiter action.
function nextChangeAfter(
  instants: readonly Date[],
  now: Date,
  flagsNow: readonly FlagDraft[],
  visibleAt: (at: Date) => FlagDraft[],
): Date | null {
  const nowMs = now.getTime();
  const candidates = [...new Set(instants.map((at) => at.getTime()))]
    .filter((ms) => ms > nowMs)
    .sort((a, b) => a - b);
  const answerNow = answerSignature(flagsNow);
  for (const ms of candidates) {
    const at = new Date(ms);
    if (answerSignature(visibleAt(at)) !== answerNow) return at;
  }
  return null;
}

function changeInstants(
  application: ApplicationFacts,
  policy: Policy,
  calendars: Calendars,
  competingOffer: CompetingOfferWindow | null,
): Date[] {
  const factors = competingOffer ? [1, 0.5] : [1];
  const instants: Date[] = [];
  const clocks = [
    feedbackClock(application, policy, calendars),
    decisionClock(application, policy, calendars),
    silenceClock(application, policy, calendars),
    awaitingReplyClock(application, policy, calendars),
    schedulingClock(application, policy, calendars),
  ];
  for (const clock of clocks) {
    if (!clock) continue;
    for (const hours of clock.thresholdHours) {
      for (const factor of factors) instants.push(thresholdReachedAt(clock, hours, factor));
    }
  }
  if (competingOffer) instants.push(competingOffer.opensAt, competingOffer.deadline);
  if (application.promise) instants.push(application.promise.by);
  return instants;
}

// ---- the rules -------------------------------------------------------------------------------

function feedbackOverdue(context: RuleContext): FlagDraft[] {
  const { application, policy, calendars, at, timeFactor } = context;
  const clock = feedbackClock(application, policy, calendars);
  if (!clock) return [];
  const [firstLevelHours, secondLevelHours] = clock.thresholdHours;
  const waitedMs = businessMs(clock, at);
  if (waitedMs < thresholdMs(firstLevelHours, timeFactor)) return [];
  // Level 2 is a new cause: a nudge that answered level 1 does not silence the repeat.
  const level = waitedMs >= thresholdMs(secondLevelHours, timeFactor) ? 2 : 1;
  return [
    draft('feedback_overdue', level === 2 ? 'high' : 'medium', `${iso(clock.since)}#${level}`, clock.since, {
      hours_waiting: roundTenth(waitedMs / hourMs),
      threshold_hours: firstLevelHours * timeFactor,
      level,
      halved: timeFactor < 1,
      waiting_on: personRef(application.hiringManager),
    }),
  ];
}

function decisionOverdue(context: RuleContext): FlagDraft[] {
  const { application, policy, calendars, at, timeFactor } = context;
  const clock = decisionClock(application, policy, calendars);
  if (!clock) return [];
  const waitedMs = businessMs(clock, at);
  if (waitedMs < thresholdMs(clock.thresholdHours[0], timeFactor)) return [];
  return [
    draft('decision_overdue', 'high', iso(clock.since), clock.since, {
      hours_waiting: roundTenth(waitedMs / hourMs),
      business_days_waiting: roundTenth(waitedMs / hourMs / 24),
      threshold_business_days: policy.decision_overdue_business_days * timeFactor,
      halved: timeFactor < 1,
      waiting_on: personRef(application.hiringManager),
    }),
  ];
}

function candidateSilent(context: RuleContext): FlagDraft[] {
  const { application, policy, calendars, at, timeFactor } = context;
  const clock = silenceClock(application, policy, calendars);
  const [mediumHours, highHours] = clock.thresholdHours;
  const silentMs = businessMs(clock, at);
  if (silentMs < thresholdMs(mediumHours, timeFactor)) return [];
  // Turning high is the same occurrence: same cause, new severity.
  const severity = silentMs >= thresholdMs(highHours, timeFactor) ? 'high' : 'medium';
  return [
    draft('candidate_silent', severity, iso(clock.since), clock.since, {
      business_days_silent: roundTenth(silentMs / hourMs / 24),
      threshold_business_days: policy.silence_business_days * timeFactor,
      halved: timeFactor < 1,
      last_outbound_contact_at: application.lastOutboundContactAt
        ? iso(application.lastOutboundContactAt)
        : null,
    }),
  ];
}

function updatePromiseMissed(context: RuleContext): FlagDraft[] {
  const { application, at } = context;
  const promise = application.promise;
  if (!promise) return [];
  const kept =
    application.lastOutboundContactAt !== null && application.lastOutboundContactAt > promise.madeAt;
  if (kept || at < promise.by) return [];
  return [
    draft('update_promise_missed', 'high', `${iso(promise.madeAt)}>${iso(promise.by)}`, promise.by, {
      promised_at: iso(promise.madeAt),
      promised_by: iso(promise.by),
      hours_overdue: roundTenth((at.getTime() - promise.by.getTime()) / hourMs),
    }),
  ];
}

function candidateAwaitingReply(context: RuleContext): FlagDraft[] {
  const { application, policy, calendars, at, timeFactor } = context;
  const clock = awaitingReplyClock(application, policy, calendars);
  if (!clock) return [];
  const [mediumHours, highHours] = clock.thresholdHours;
  const waitedMs = businessMs(clock, at);
  if (waitedMs < thresholdMs(mediumHours, timeFactor)) return [];
  const severity = waitedMs >= thresholdMs(highHours, timeFactor) ? 'high' : 'medium';
  return [
    draft('candidate_awaiting_reply', severity, iso(clock.since), clock.since, {
      hours_waiting: roundTenth(waitedMs / hourMs),
      business_days_waiting: roundTenth(waitedMs / hourMs / 24),
      threshold_business_days: policy.awaiting_reply_business_days * timeFactor,
      halved: timeFactor < 1,
    }),
  ];
}

function schedulingStalled(context: RuleContext): FlagDraft[] {
  const { application, policy, calendars, at, timeFactor } = context;
  if (application.stage.kind !== 'interview') return [];
  const drafts: FlagDraft[] = [];
  const { reschedulesInStage } = application.scheduling;
  // Two reschedules flag at once (a count, never halved); first, so an open flag keeps its cause.
  if (reschedulesInStage >= 2) {
    const since = application.stage.enteredAt;
    drafts.push(
      draft('scheduling_stalled', 'medium', `rescheduled@${iso(since)}`, since, {
        reason: 'rescheduled_twice',
        reschedules: reschedulesInStage,
      }),
    );
  }
  const clock = schedulingClock(application, policy, calendars);
  if (clock) {
    const waitedMs = businessMs(clock, at);
    if (waitedMs >= thresholdMs(clock.thresholdHours[0], timeFactor)) {
      drafts.push(
        draft('scheduling_stalled', 'medium', `unscheduled@${iso(clock.since)}`, clock.since, {
          reason: 'no_interview_scheduled',
          business_days_waiting: roundTenth(waitedMs / hourMs / 24),
          threshold_business_days: policy.scheduling_stalled_business_days * timeFactor,
          halved: timeFactor < 1,
          reschedules: reschedulesInStage,
        }),
      );
    }
  }
  return drafts;
}

function competingOfferDeadline(context: RuleContext): FlagDraft[] {
  const { application, policy, at, competingOffer: window } = context;
  if (!window || !competingOfferStands(window, at)) return [];
  const since = new Date(Math.max(window.opensAt.getTime(), application.createdAt.getTime()));
  return [
    draft('competing_offer_deadline', 'urgent', iso(window.deadline), since, {
      deadline: iso(window.deadline),
      business_days_left: roundTenth(window.calendar.businessHoursBetween(at, window.deadline) / 24),
      window_business_days: policy.competing_offer_window_business_days,
    }),
  ];
}

function jobClosedWithActiveCandidates(context: RuleContext): FlagDraft[] {
  const { job } = context.application;
  if (job.status === 'open') return [];
  return [
    draft(
      'job_closed_with_active_candidates',
      'medium',
      `${job.status}@${iso(job.statusChangedAt)}`,
      job.statusChangedAt,
      { job_status: job.status },
    ),
  ];
}

// ---- clocks ----------------------------------------------------------------------------------

function feedbackClock(
  application: ApplicationFacts,
  policy: Policy,
  calendars: Calendars,
): BusinessClock | null {
  if (!application.awaitingFeedbackSince) return null;
  const hours = policy.feedback_sla_hours;
  return {
    calendar: calendars.forPerson(application.hiringManager),
    since: application.awaitingFeedbackSince,
    thresholdHours: [hours, 2 * hours],
  };
}

function decisionClock(
  application: ApplicationFacts,
  policy: Policy,
  calendars: Calendars,
): BusinessClock | null {
  if (!application.awaitingFeedbackSince) return null;
  return {
    calendar: calendars.forPerson(application.hiringManager),
    since: application.awaitingFeedbackSince,
    thresholdHours: [policy.decision_overdue_business_days * 24],
  };
}

function silenceClock(application: ApplicationFacts, policy: Policy, calendars: Calendars): BusinessClock {
  const { createdAt, lastOutboundContactAt } = application;
  const since =
    lastOutboundContactAt && lastOutboundContactAt > createdAt ? lastOutboundContactAt : createdAt;
  const hours = policy.silence_business_days * 24;
  return { calendar: calendars.forPerson(application.recruiter), since, thresholdHours: [hours, 2 * hours] };
}

function awaitingReplyClock(
  application: ApplicationFacts,
  policy: Policy,
  calendars: Calendars,
): BusinessClock | null {
  if (!application.oldestUnansweredInboundAt) return null;
  return {
    calendar: calendars.forPerson(application.recruiter),
    since: application.oldestUnansweredInboundAt,
    thresholdHours: [policy.awaiting_reply_business_days * 24, awaitingReplyHighBusinessDays * 24],
  };
}

function schedulingClock(
  application: ApplicationFacts,
  policy: Policy,
  calendars: Calendars,
): BusinessClock | null {
  const { clockSince, hasScheduledInterview } = application.scheduling;
  if (application.stage.kind !== 'interview' || !clockSince || hasScheduledInterview) return null;
  return {
    calendar: calendars.forPerson(application.recruiter),
    since: clockSince,
    thresholdHours: [policy.scheduling_stalled_business_days * 24],
  };
}

interface CompetingOfferWindow {
  calendar: BusinessCalendar;
  deadline: Date;
  /** The earliest instant from which the deadline is within the window (business time). */
  opensAt: Date;
  windowMs: number;
}

function competingOfferWindow(
  application: ApplicationFacts,
  policy: Policy,
  calendars: Calendars,
): CompetingOfferWindow | null {
  const deadline = application.competingOfferDeadline;
  if (!deadline) return null;
  const calendar = calendars.forPerson(application.recruiter);
  const windowDays = policy.competing_offer_window_business_days;
  const windowMs = thresholdMs(windowDays * 24, 1);
  // Business time left only shrinks as time passes, so the window opens once, at the instant
  // from which exactly windowMs remain: found forwards from a reference well before it (2 calendar
  // days per business day plus a month of holidays always hold enough business time).
  const reference = new Date(deadline.getTime() - (2 * windowDays + 30) * 24 * hourMs);
  const totalMs = Math.round(calendar.businessHoursBetween(reference, deadline) * hourMs);
  const opensAt =
    totalMs <= windowMs ? reference : calendar.addBusinessHours(reference, (totalMs - windowMs) / hourMs);
  return { calendar, deadline, opensAt, windowMs };
}

/** While it stands the competing offer is flagged and every other time threshold halves. */
function competingOfferStands(window: CompetingOfferWindow, at: Date): boolean {
  if (at >= window.deadline) return false;
  return Math.round(window.calendar.businessHoursBetween(at, window.deadline) * hourMs) <= window.windowMs;
}

// ---- helpers ---------------------------------------------------------------------------------

function thresholdMs(hours: number, timeFactor: number): number {
  return Math.round(hours * timeFactor * hourMs);
}

function thresholdReachedAt(clock: BusinessClock, hours: number, timeFactor: number): Date {
  return clock.calendar.addBusinessHours(clock.since, thresholdMs(hours, timeFactor) / hourMs);
}

function businessMs(clock: BusinessClock, at: Date): number {
  return Math.round(clock.calendar.businessHoursBetween(clock.since, at) * hourMs);
}

function draft<K extends FlagKind>(
  kind: K,
  severity: Severity,
  cause: string,
  waitingSince: Date,
  details: Record<string, unknown>,
): FlagDraft {
  return {
    kind,
    action: actionForFlag[kind],
    severity,
    cause,
    waitingSince,
    details: { ...details, waiting_since: iso(waitingSince) },
  };
}

function personRef(person: PersonFacts | null): { id: string; name: string | null } | null {
  return person ? { id: person.id, name: person.name } : null;
}

function answerKey(kind: FlagKind, cause: string): string {
  return `${kind}\u0000${cause}`;
}

function answerSignature(flags: readonly FlagDraft[]): string {
  return flags
    .map((flag) => `${flag.kind}|${flag.severity}|${flag.cause}`)
    .sort()
    .join('\n');
}

function iso(at: Date): string {
  return at.toISOString();
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
