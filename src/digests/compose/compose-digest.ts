import type { StageKind } from '../../canonical/canonical-event.schema';
import type { BusinessCalendar, FlagAction, FlagKind, Severity } from '../../policy/types';
import { compareByUrgency } from '../../policy/urgency';
import type {
  ComposedDigest,
  DigestEntry,
  DigestMeasure,
  DigestReason,
  HandledByKeepwarm,
  SeverityCounts,
} from '../../email/digest-view';
import { clockTime, endOfLocalDay, relativeDay, shortDate } from './relative-day';

export type { ComposedDigest, DigestEntry, DigestMeasure, DigestReason, SeverityCounts };

// The recruiter's daily digest as plain data (docs/rules.md, "Digest"): one entry per candidate
// with every open reason of the application, most urgent first in the one urgency order, at most
// digest.max_candidates of them, new ones marked, the number behind every reason in words. Pure:
// the clock comes in as `now`, the day as `localDate`, business time on the recruiter's calendar.
// The output is also the JSON of GET /v1/recruiters/{id}/digest, hence snake_case and ISO strings.

/** One open flag with what the digest needs to say about it and its application. */
export interface DigestItem {
  flag: {
    id: string;
    kind: FlagKind;
    action: FlagAction;
    severity: Severity;
    raisedAt: Date;
    /** When the flag's clock started. */
    waitingSince: Date;
    /** The numbers behind the flag: hours_waiting, business_days_silent, deadline, ... */
    details: Record<string, unknown>;
  };
  application: {
    id: string;
    url: string | null;
    stageName: string;
    stageKind: StageKind;
    /** The oldest inbound contact no person has answered yet (null: nobody is waiting for a reply). */
    awaitingReplySince?: Date | null;
  };
  candidate: { name: string };
  job: { title: string };
  hiringManager: { name: string } | null;
  automatic: {
    keepWarmSentAt: Date[];
    /** The next automatic update still to go out (pending or queued), if any. */
    keepWarmPlannedAt?: Date | null;
    managerRemindersSent: number;
    lastReminderAt?: Date | null;
  };
}

export interface ManagerFeedbackStats {
  managerName: string;
  /** Null when none of the manager's waits has ended yet. */
  medianHoursToFeedback: number | null;
  /** How many awaiting-feedback periods the median covers. */
  periods: number;
}

export interface DigestInput {
  recruiter: { id: string; name: string; timezone: string };
  /** The recruiter's business calendar: waits are worded in their business days. */
  calendar: BusinessCalendar;
  /** The recruiter's local day the digest is for, YYYY-MM-DD. */
  localDate: string;
  now: Date;
  /** The recruiter's previous stored digest; null when this is their first. */
  previous: { localDate: string; generatedAt: Date } | null;
  /** digest.max_candidates: how many entries are named; the rest are counted. */
  maxCandidates: number;
  /** The recruiter desk, where the entries beyond the cap are. */
  deskUrl: string;
  items: DigestItem[];
  managerStats: ManagerFeedbackStats[];
}

// keepwarm's update is outbound contact (docs/rules.md, "Outbound contact"): it restarts the silence clock
// and keeps a promise, so once it went out these flags ask nothing more of the recruiter.
const answeredByAnUpdate: ReadonlySet<FlagKind> = new Set(['candidate_silent', 'update_promise_missed']);

interface ReasonDraft {
  reason: DigestReason;
  /** For the urgency order. */
  key: { severity: Severity; waitingSince: Date; id: string };
}

interface EntryDraft {
  entry: DigestEntry;
  /** The reason the entry ranks by: its most urgent one that needs the recruiter, else its most urgent. */
  rankedBy: ReasonDraft['key'];
}

export function composeDigest(input: DigestInput): ComposedDigest {
  const { recruiter, localDate, now } = input;
  const context: WordingContext = {
    now,
    timezone: recruiter.timezone,
    localDate,
    calendar: input.calendar,
    endOfToday: endOfLocalDay(recruiter.timezone, localDate),
  };
  const newSince = input.previous?.generatedAt.getTime() ?? null;

  const itemsByApplication = new Map<string, DigestItem[]>();
  for (const item of input.items) {
    const items = itemsByApplication.get(item.application.id);
    if (items) items.push(item);
    else itemsByApplication.set(item.application.id, [item]);
  }

  const drafts: EntryDraft[] = [];
  for (const items of itemsByApplication.values()) drafts.push(entryFor(items, context, newSince));
  // Those who need the recruiter first, most urgent first; entries keepwarm already answered last.
  drafts.sort(
    (a, b) =>
      Number(b.entry.needs_you) - Number(a.entry.needs_you) || compareByUrgency(a.rankedBy, b.rankedBy),
  );

  const bySeverity: SeverityCounts = { urgent: 0, high: 0, medium: 0, low: 0 };
  let candidates = 0;
  let fresh = 0;
  let reasons = 0;
  for (const { entry } of drafts) {
    if (!entry.needs_you) continue;
    candidates += 1;
    bySeverity[entry.severity] += 1;
    if (entry.is_new) fresh += 1;
    reasons += entry.reasons.filter((reason) => reason.handled === null).length;
  }
  const listed = drafts.slice(0, Math.max(0, input.maxCandidates)).map((draft) => draft.entry);
  const listedNeedingYou = listed.filter((entry) => entry.needs_you).length;

  return {
    recruiter: { id: recruiter.id, name: recruiter.name, timezone: recruiter.timezone },
    local_date: localDate,
    generated_at: now.toISOString(),
    previous: input.previous
      ? { local_date: input.previous.localDate, generated_at: input.previous.generatedAt.toISOString() }
      : null,
    is_empty: candidates === 0,
    counts: {
      candidates,
      new: fresh,
      by_severity: bySeverity,
      handled_by_keepwarm: drafts.length - candidates,
      reasons,
    },
    entries: listed,
    not_listed: {
      candidates: candidates - listedNeedingYou,
      handled_by_keepwarm: drafts.length - candidates - (listed.length - listedNeedingYou),
    },
    desk_url: input.deskUrl,
    manager_stats: [...input.managerStats]
      // Slowest first: the footer is there to show who keeps candidates waiting.
      .sort(
        (a, b) =>
          (b.medianHoursToFeedback ?? -1) - (a.medianHoursToFeedback ?? -1) ||
          a.managerName.localeCompare(b.managerName),
      )
      .map((stats) => ({
        manager_name: stats.managerName,
        median_hours_to_feedback: stats.medianHoursToFeedback,
        periods: stats.periods,
      })),
  };
}

/** One application's items (its open flags) as one entry. */
function entryFor(
  items: readonly DigestItem[],
  context: WordingContext,
  newSince: number | null,
): EntryDraft {
  const [first] = items;
  const { application, automatic } = first;
  const reasons: ReasonDraft[] = items.map((item) => ({
    key: { severity: item.flag.severity, waitingSince: item.flag.waitingSince, id: item.flag.id },
    reason: {
      flag_id: item.flag.id,
      kind: item.flag.kind,
      action: item.flag.action,
      severity: item.flag.severity,
      raised_at: item.flag.raisedAt.toISOString(),
      waiting_since: item.flag.waitingSince.toISOString(),
      is_new: newSince === null || item.flag.raisedAt.getTime() > newSince,
      measure: measureFor(item, context),
      details: item.flag.details,
      handled: handledByKeepwarm(item, context),
    },
  }));
  reasons.sort(
    (a, b) =>
      Number(a.reason.handled !== null) - Number(b.reason.handled !== null) || compareByUrgency(a.key, b.key),
  );
  const needingYou = reasons.filter((draft) => draft.reason.handled === null);
  const top = needingYou[0] ?? reasons[0];

  const awaitingSince =
    application.awaitingReplySince ??
    items.find((item) => item.flag.kind === 'candidate_awaiting_reply')?.flag.waitingSince ??
    null;
  const cited = reasons.flatMap(({ reason }) =>
    reason.handled?.status === 'sent' ? [reason.handled.at] : [],
  );

  return {
    rankedBy: top.key,
    entry: {
      application_id: application.id,
      candidate_name: first.candidate.name,
      job_title: first.job.title,
      stage_name: application.stageName,
      stage_kind: application.stageKind,
      application_url: application.url || null,
      hiring_manager_name: first.hiringManager?.name ?? null,
      severity: top.key.severity,
      needs_you: needingYou.length > 0,
      is_new: reasons.some(({ reason }) => reason.is_new),
      awaiting_reply: awaitingSince
        ? {
            since: awaitingSince.toISOString(),
            text:
              `Wrote ${relativeDay(awaitingSince, context.timezone, context.localDate)} and is waiting for ` +
              'your reply: keepwarm sends no automatic update until a person answers.',
          }
        : null,
      reasons: reasons.map((draft) => draft.reason),
      actions: [...new Set(needingYou.map((draft) => draft.reason.action))],
      automatic: describeAutomatic(automatic, context, new Set(cited)),
    },
  };
}

// ---- keepwarm's own update ----

/** The update that answers a silence or a missed promise: sent since its clock started, or going out today. */
function handledByKeepwarm(item: DigestItem, context: WordingContext): HandledByKeepwarm | null {
  if (!answeredByAnUpdate.has(item.flag.kind)) return null;
  const { now, timezone, localDate } = context;
  const since = item.flag.waitingSince.getTime();
  let sent: Date | null = null;
  // Strictly after: the update that started a silence (its clock starts at that send) answers nothing.
  for (const at of item.automatic.keepWarmSentAt) {
    if (at.getTime() > since && at.getTime() <= now.getTime() && (!sent || at > sent)) sent = at;
  }
  if (sent) {
    return {
      status: 'sent',
      at: sent.toISOString(),
      text: `keepwarm sent an update ${relativeDay(sent, timezone, localDate)} at ${clockTime(sent, timezone)}`,
    };
  }
  const planned = item.automatic.keepWarmPlannedAt;
  if (planned && context.endOfToday !== null && planned.getTime() < context.endOfToday) {
    return {
      status: 'planned',
      at: planned.toISOString(),
      text:
        planned.getTime() <= now.getTime()
          ? "keepwarm's update is on its way"
          : `keepwarm's update goes out today at ${clockTime(planned, timezone)}`,
    };
  }
  return null;
}

// ---- what keepwarm already did ----

const timesInWords = ['never', 'once', 'twice'];

function describeAutomatic(
  automatic: DigestItem['automatic'],
  { timezone, localDate, now }: WordingContext,
  alreadySaid: ReadonlySet<string>,
): string[] {
  const phrases: string[] = [];
  // An update a reason already cites ("keepwarm sent an update today at 07:30") is not said twice.
  const sent = automatic.keepWarmSentAt
    .filter((at) => at.getTime() <= now.getTime() && !alreadySaid.has(at.toISOString()))
    .sort((a, b) => a.getTime() - b.getTime());
  const when = (at: Date) => relativeDay(at, timezone, localDate);
  if (sent.length === 1) phrases.push(`update sent ${when(sent[0])}`);
  else if (sent.length === 2) phrases.push(`updates sent ${when(sent[0])} and ${when(sent[1])}`);
  else if (sent.length > 2) phrases.push(`${sent.length} updates sent, last ${when(sent[sent.length - 1])}`);

  const reminders = automatic.managerRemindersSent;
  if (reminders > 0) {
    const last = automatic.lastReminderAt ? when(automatic.lastReminderAt) : null;
    if (reminders === 1) phrases.push(last ? `manager reminded ${last}` : 'manager reminded once');
    else {
      const times = timesInWords[reminders] ?? `${reminders} times`;
      phrases.push(last ? `manager reminded ${times}, last ${last}` : `manager reminded ${times}`);
    }
  }
  return phrases;
}

// ---- the number behind each reason ----

interface WordingContext {
  now: Date;
  timezone: string;
  localDate: string;
  calendar: BusinessCalendar;
  /** The instant the digest's local day ends; null for a malformed date. */
  endOfToday: number | null;
}

function numberDetail(details: Record<string, unknown>, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

function dateDetail(details: Record<string, unknown>, ...keys: string[]): Date | null {
  for (const key of keys) {
    const value = details[key];
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (date && !Number.isNaN(date.getTime())) return date;
  }
  return null;
}

function stringDetail(details: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = details[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

function count(value: number, unit: string): string {
  return `${value} ${value === 1 ? unit : `${unit}s`}`;
}

interface Span {
  value: number;
  unit: 'business_hours' | 'business_days';
  words: string;
}

/**
 * A wait in business time, as a person says it: whole business days from one day up ("4 business
 * days", never "101 business hours"), business hours below one day.
 */
export function businessSpan(businessHours: number): Span {
  const hours = Math.max(0, businessHours);
  if (hours < 24) {
    const value = Math.floor(hours);
    return {
      value,
      unit: 'business_hours',
      words: value === 0 ? 'under a business hour' : count(value, 'business hour'),
    };
  }
  const value = Math.floor(hours / 24);
  return { value, unit: 'business_days', words: count(value, 'business day') };
}

function measured(span: Span, text: string): DigestMeasure {
  return { value: span.value, unit: span.unit, text };
}

function managerName(item: DigestItem): string {
  return item.hiringManager?.name ?? 'the hiring manager';
}

/**
 * The wait the policy engine wrote (business hours, or business days = 24 business hours each);
 * when it wrote none, the business time since the flag's clock started on the recruiter's calendar.
 */
function waitOf(item: DigestItem, context: WordingContext, dayKeys: string[], hourKeys: string[] = []): Span {
  const { details, waitingSince } = item.flag;
  const days = numberDetail(details, ...dayKeys);
  if (days !== null) return businessSpan(days * 24);
  const hours = numberDetail(details, ...hourKeys, 'hours_waiting', 'business_hours_waiting');
  if (hours !== null) return businessSpan(hours);
  return businessSpan(context.calendar.businessHoursBetween(waitingSince, context.now));
}

/** Business time between two instants on the recruiter's calendar, either way round. */
function between(context: WordingContext, from: Date, to: Date): Span {
  return businessSpan(context.calendar.businessHoursBetween(from, to));
}

function measureFor(item: DigestItem, context: WordingContext): DigestMeasure {
  const { details, waitingSince } = item.flag;
  const { now, timezone } = context;
  switch (item.flag.kind) {
    case 'feedback_overdue': {
      const wait = waitOf(item, context, [], ['hours_waiting']);
      return measured(wait, `waiting ${wait.words} for feedback from ${managerName(item)}`);
    }
    case 'decision_overdue': {
      const wait = waitOf(item, context, ['business_days_waiting']);
      return measured(wait, `no decision from ${managerName(item)} after ${wait.words}`);
    }
    case 'candidate_silent': {
      const wait = waitOf(item, context, ['business_days_silent']);
      return measured(wait, `no update for ${wait.words}`);
    }
    case 'update_promise_missed': {
      const promisedBy = dateDetail(details, 'promised_by', 'by') ?? waitingSince;
      const overdue = between(context, promisedBy, now);
      return measured(
        overdue,
        `update promised by ${shortDate(promisedBy, timezone)}, ${overdue.words} overdue`,
      );
    }
    case 'candidate_awaiting_reply': {
      const wait = waitOf(item, context, ['business_days_waiting']);
      return measured(wait, `waiting ${wait.words} for your reply`);
    }
    case 'scheduling_stalled': {
      const reschedules = numberDetail(details, 'reschedules_in_stage', 'reschedules');
      const rescheduled =
        reschedules !== null && reschedules >= 2
          ? `rescheduled ${timesInWords[reschedules] ?? `${reschedules} times`}`
          : null;
      const days = numberDetail(details, 'business_days_waiting', 'business_days_in_stage');
      if (days === null && rescheduled && reschedules !== null)
        return { value: reschedules, unit: 'reschedules', text: rescheduled };
      const wait = waitOf(item, context, ['business_days_waiting', 'business_days_in_stage']);
      const text = [`${wait.words} with no interview scheduled`, rescheduled].filter(Boolean).join(', ');
      return measured(wait, text);
    }
    case 'competing_offer_deadline': {
      const deadline = dateDetail(details, 'deadline');
      if (!deadline) {
        const known = between(context, waitingSince, now);
        return measured(known, `competing offer known for ${known.words}`);
      }
      // Counted down now rather than read from the flag: the flag's number is as old as its last evaluation.
      const left = between(context, now, deadline);
      return measured(left, `competing offer deadline ${shortDate(deadline, timezone)}, ${left.words} left`);
    }
    case 'job_closed_with_active_candidates': {
      const onHold = stringDetail(details, 'job_status') === 'on_hold';
      const since = between(context, waitingSince, now);
      return measured(since, onHold ? `job on hold for ${since.words}` : `job closed ${since.words} ago`);
    }
  }
}
