import type { StageKind } from '../../canonical/canonical-event.schema';
import type { FlagAction, FlagKind, Severity } from '../../policy/types';
import { compareByUrgency } from '../../policy/urgency';
import type {
  ComposedDigest,
  DigestLine,
  DigestMeasure,
  DigestSection,
  SeverityCounts,
} from '../../email/digest-view';
import { relativeDay, shortDate } from './relative-day';

export type { ComposedDigest, DigestLine, DigestMeasure, DigestSection, SeverityCounts };

// The recruiter's daily digest as plain data (docs/rules.md, "Digest"): one section per action in a
// fixed order, most urgent first, each line with the number behind it and what keepwarm already
// did on its own. Pure: the clock comes in as `now`, the day as `localDate`. The output is also
// the JSON of GET /v1/recruiters/{id}/digest, hence snake_case and ISO strings.

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
  application: { id: string; url: string | null; stageName: string; stageKind: StageKind };
  candidate: { name: string };
  job: { title: string };
  hiringManager: { name: string } | null;
  automatic: { keepWarmSentAt: Date[]; managerRemindersSent: number; lastReminderAt?: Date | null };
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
  /** The recruiter's local day the digest is for, YYYY-MM-DD. */
  localDate: string;
  now: Date;
  items: DigestItem[];
  managerStats: ManagerFeedbackStats[];
}

export const digestSections: readonly { kind: FlagKind; action: FlagAction; title: string }[] = [
  { kind: 'competing_offer_deadline', action: 'expedite', title: 'Expedite (competing offers)' },
  { kind: 'update_promise_missed', action: 'send_status_update', title: 'Promises due or missed' },
  {
    kind: 'candidate_awaiting_reply',
    action: 'reply_to_candidate',
    title: 'Candidates waiting on your reply',
  },
  { kind: 'feedback_overdue', action: 'nudge_hiring_manager', title: 'Push the hiring manager' },
  {
    kind: 'decision_overdue',
    action: 'consider_rejection',
    title: 'Decisions overdue — consider a rejection',
  },
  { kind: 'candidate_silent', action: 'send_keep_warm_update', title: 'Keep warm' },
  { kind: 'scheduling_stalled', action: 'schedule_next_round', title: 'Scheduling stalled' },
  {
    kind: 'job_closed_with_active_candidates',
    action: 'close_out_candidates',
    title: 'Jobs closed with active candidates',
  },
];

/** Most urgent first, in the one urgency order of policy/urgency.ts (as the attention list). */
function byUrgency(a: DigestItem, b: DigestItem): number {
  return compareByUrgency(a.flag, b.flag);
}

export function composeDigest(input: DigestInput): ComposedDigest {
  const { recruiter, localDate, now } = input;
  const context: MeasureContext = { now, timezone: recruiter.timezone };

  const sections: DigestSection[] = [];
  for (const section of digestSections) {
    const items = input.items.filter((item) => item.flag.kind === section.kind).sort(byUrgency);
    if (items.length === 0) continue;
    sections.push({
      ...section,
      lines: items.map((item) => ({
        flag_id: item.flag.id,
        application_id: item.application.id,
        kind: item.flag.kind,
        action: item.flag.action,
        severity: item.flag.severity,
        candidate_name: item.candidate.name,
        job_title: item.job.title,
        stage_name: item.application.stageName,
        stage_kind: item.application.stageKind,
        application_url: item.application.url || null,
        hiring_manager_name: item.hiringManager?.name ?? null,
        raised_at: item.flag.raisedAt.toISOString(),
        waiting_since: item.flag.waitingSince.toISOString(),
        measure: measureFor(item, context),
        automatic: describeAutomatic(item.automatic, recruiter.timezone, localDate, now),
      })),
    });
  }

  const lines = sections.flatMap((section) => section.lines);
  const bySeverity: SeverityCounts = { urgent: 0, high: 0, medium: 0, low: 0 };
  for (const line of lines) bySeverity[line.severity] += 1;

  return {
    recruiter: { id: recruiter.id, name: recruiter.name, timezone: recruiter.timezone },
    local_date: localDate,
    generated_at: now.toISOString(),
    is_empty: lines.length === 0,
    counts: {
      total: lines.length,
      candidates: new Set(lines.map((line) => line.application_id)).size,
      by_severity: bySeverity,
    },
    sections,
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

// ---- what keepwarm already did ----

const timesInWords = ['never', 'once', 'twice'];

function describeAutomatic(
  automatic: DigestItem['automatic'],
  timezone: string,
  localDate: string,
  now: Date,
): string[] {
  const phrases: string[] = [];
  const sent = automatic.keepWarmSentAt
    .filter((at) => at.getTime() <= now.getTime())
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

// ---- the number behind each line ----

interface MeasureContext {
  now: Date;
  timezone: string;
}

const hour = 3_600_000;

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

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function count(value: number, unit: string): string {
  return `${value} ${value === 1 ? unit : `${unit}s`}`;
}

function businessDays(value: number): { value: number; words: string } {
  const rounded = roundTo(value, 1);
  return { value: rounded, words: count(rounded, 'business day') };
}

/** Clock time when the policy gave no business-time number: hours up to two days, then whole days. */
function clockSpan(from: Date, to: Date): { value: number; unit: 'hours' | 'days'; words: string } {
  return spanOfHours((to.getTime() - from.getTime()) / hour);
}

function spanOfHours(elapsedHours: number): { value: number; unit: 'hours' | 'days'; words: string } {
  const hours = Math.max(0, elapsedHours);
  if (hours < 48) {
    const value = Math.floor(hours);
    return { value, unit: 'hours', words: count(value, 'hour') };
  }
  const value = Math.floor(hours / 24);
  return { value, unit: 'days', words: count(value, 'day') };
}

function managerName(item: DigestItem): string {
  return item.hiringManager?.name ?? stringDetail(item.flag.details, 'waiting_on') ?? 'the hiring manager';
}

// Reads the details the policy engine writes (docs/contract.md, "Flags": hours_waiting, business_days_silent, ...)
// and falls back to clock time since waiting_since when a number is missing.
function measureFor(item: DigestItem, { now, timezone }: MeasureContext): DigestMeasure {
  const { details, waitingSince } = item.flag;
  switch (item.flag.kind) {
    case 'feedback_overdue': {
      const hours = numberDetail(details, 'hours_waiting', 'business_hours_waiting');
      if (hours !== null) {
        const value = Math.round(hours);
        return {
          value,
          unit: 'business_hours',
          text: `${count(value, 'business hour')} waiting on ${managerName(item)}`,
        };
      }
      const span = clockSpan(waitingSince, now);
      return { value: span.value, unit: span.unit, text: `${span.words} waiting on ${managerName(item)}` };
    }
    case 'decision_overdue': {
      const days = businessDaysDetail(details, 'business_days_waiting');
      if (days)
        return {
          value: days.value,
          unit: 'business_days',
          text: `${days.words} without a decision from ${managerName(item)}`,
        };
      const span = clockSpan(waitingSince, now);
      return {
        value: span.value,
        unit: span.unit,
        text: `${span.words} without a decision from ${managerName(item)}`,
      };
    }
    case 'candidate_silent': {
      const days = businessDaysDetail(details, 'business_days_silent');
      if (days) return { value: days.value, unit: 'business_days', text: `${days.words} silent` };
      const span = clockSpan(waitingSince, now);
      return { value: span.value, unit: span.unit, text: `${span.words} silent` };
    }
    case 'update_promise_missed': {
      const promisedBy = dateDetail(details, 'promised_by', 'by') ?? waitingSince;
      const promise = `update promised by ${shortDate(promisedBy, timezone)}`;
      const overdue = numberDetail(details, 'business_days_overdue');
      const days = overdue !== null ? businessDays(overdue) : null;
      if (days)
        return { value: days.value, unit: 'business_days', text: `${promise}, ${days.words} overdue` };
      const hoursOverdue = numberDetail(details, 'hours_overdue');
      const span = hoursOverdue !== null ? spanOfHours(hoursOverdue) : clockSpan(promisedBy, now);
      return { value: span.value, unit: span.unit, text: `${promise}, ${span.words} overdue` };
    }
    case 'candidate_awaiting_reply': {
      const days = businessDaysDetail(details, 'business_days_waiting');
      if (days)
        return { value: days.value, unit: 'business_days', text: `${days.words} waiting for a reply` };
      const span = clockSpan(waitingSince, now);
      return { value: span.value, unit: span.unit, text: `${span.words} waiting for a reply` };
    }
    case 'scheduling_stalled': {
      const reschedules = numberDetail(details, 'reschedules_in_stage', 'reschedules');
      const rescheduled =
        reschedules !== null && reschedules >= 2
          ? `rescheduled ${timesInWords[reschedules] ?? `${reschedules} times`}`
          : null;
      const days = businessDaysDetail(details, 'business_days_waiting', 'business_days_in_stage');
      if (days) {
        const text = [`${days.words} with no interview scheduled`, rescheduled].filter(Boolean).join(', ');
        return { value: days.value, unit: 'business_days', text };
      }
      if (rescheduled && reschedules !== null)
        return { value: reschedules, unit: 'reschedules', text: rescheduled };
      const span = clockSpan(waitingSince, now);
      return { value: span.value, unit: span.unit, text: `${span.words} with no interview scheduled` };
    }
    case 'competing_offer_deadline': {
      const deadline = dateDetail(details, 'deadline');
      if (!deadline) {
        const span = clockSpan(waitingSince, now);
        return { value: span.value, unit: span.unit, text: `competing offer known for ${span.words}` };
      }
      const offer = `offer deadline ${shortDate(deadline, timezone)}`;
      const left = numberDetail(details, 'business_days_left', 'business_days_to_deadline');
      const days = left !== null ? businessDays(left) : null;
      if (days) return { value: days.value, unit: 'business_days', text: `${offer}, ${days.words} left` };
      const span = clockSpan(now, deadline);
      return { value: span.value, unit: span.unit, text: `${offer}, ${span.words} left` };
    }
    case 'job_closed_with_active_candidates': {
      const onHold = stringDetail(details, 'job_status') === 'on_hold';
      const span = clockSpan(waitingSince, now);
      return {
        value: span.value,
        unit: span.unit,
        text: onHold ? `job on hold for ${span.words}` : `job closed ${span.words} ago`,
      };
    }
  }
}

function businessDaysDetail(
  details: Record<string, unknown>,
  ...keys: string[]
): { value: number; words: string } | null {
  const days = numberDetail(details, ...keys);
  if (days !== null) return businessDays(days);
  // The policy may report business hours only; N business days are N x 24 business hours.
  const hours = numberDetail(details, 'hours_waiting', 'business_hours_waiting');
  return hours !== null ? businessDays(hours / 24) : null;
}
