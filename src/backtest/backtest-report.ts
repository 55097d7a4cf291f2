import { projectApplication, type StageKindResolver } from '../pipeline/application-projection';
import { createCalendars, flagKinds, type Policy } from '../policy';
import type { NotificationCount } from '../notifications/notification-contracts';
import type { FeedbackPeriodRow } from '../pipeline/application-view';
import type { ApplicationTimeline } from '../pipeline/memory-pipeline-store';

export type { ApplicationTimeline };

/** A flag occurrence as the report counts it. */
export interface FlagRow {
  applicationId: string;
  kind: string;
  raisedAt: Date;
  waitingSince: Date;
  appliedAt: Date;
}

// The backtest's report: pure functions of what the replay left in its scratch database. No clock,
// no random ids: the same history and policy always give the same report, byte for byte.

export interface FlagKindSummary {
  kind: string;
  /** Flag occurrences opened (a new cause, such as a new silence or a 2x level, is a new one). */
  opened: number;
  /** Applications that got this flag at least once. */
  applications: number;
  /** Per application, its first flag of this kind: clock hours from the start of the wait to the flag. */
  median_hours_waiting: number | null;
  /** Per application, its first flag of this kind: days from the application to the flag. */
  median_days_since_applied: number | null;
}

export interface ManagerSummary {
  id: string;
  name: string | null;
  /** Waits that ended with the manager's feedback. */
  feedback_periods: number;
  /** Waits still open when the history ends. */
  still_waiting: number;
  median_hours: number | null;
  p90_hours: number | null;
  median_business_hours: number | null;
  p90_business_hours: number | null;
}

export interface BacktestReport {
  history: {
    events: number;
    applied: number;
    duplicates: number;
    skipped: Record<string, number>;
    from: string | null;
    until: string;
    applications: number;
    clock_stops: number;
  };
  policy: {
    file: string | null;
    silence_business_days: number;
    feedback_sla_hours: number;
    decision_overdue_business_days: number;
    awaiting_reply_business_days: number;
    scheduling_stalled_business_days: number;
    competing_offer_window_business_days: number;
    keep_warm: { auto: boolean; sources: string[]; min_gap_business_days: number; max_in_a_row: number };
    feedback_reminders_auto: boolean;
    send_window: string;
  };
  flags: { total: number; by_kind: FlagKindSummary[] };
  emails: {
    sent: Record<string, number>;
    suppressed: Record<string, number>;
    cancelled: Record<string, number>;
    /** Planned but due after the end of the history. */
    pending_at_end: number;
  };
  silence: {
    threshold_business_days: number;
    /** Applications that went more than the threshold without outbound contact, on their recruiter's calendar. */
    candidates: number;
    applications: number;
    longest: Array<{ application_id: string; business_days: number }>;
  };
  hiring_managers: ManagerSummary[];
}

export interface ReportInput {
  policy: Policy;
  policyFile: string | null;
  history: Omit<BacktestReport['history'], 'applications'>;
  flags: FlagRow[];
  notifications: NotificationCount[];
  feedbackPeriods: FeedbackPeriodRow[];
  timelines: ApplicationTimeline[];
  /** Each email sent: its kind and when (the charts' emails per week). */
  sentEmails: ReadonlyArray<{ kind: string; sentAt: Date }>;
  resolveStageKind: StageKindResolver;
  silentDays: number;
  until: Date;
}

/** What the charts of the HTML report draw, beside the report: the distributions behind its numbers. */
export interface BacktestCharts {
  /** Flags opened per week (Monday, UTC) and kind. */
  flagsPerWeek: Array<{ week: string; kind: string; count: number }>;
  /** Automatic emails sent per week and kind. */
  emailsPerWeek: Array<{ week: string; kind: string; count: number }>;
  /** Per hiring manager, each wait that ended in feedback, in business hours on their calendar. */
  feedbackWaits: Array<{ id: string; name: string | null; businessHours: number[] }>;
  /** Per application, its longest silence in business days on its recruiter's calendar. */
  silences: number[];
}

export interface BacktestOutcome {
  report: BacktestReport;
  charts: BacktestCharts;
}

const hourMs = 3_600_000;
const longestShown = 10;

/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
export function percentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function round(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function increment(record: Record<string, number>, key: string, by: number): void {
  record[key] = (record[key] ?? 0) + by;
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function buildReport(input: ReportInput): BacktestReport {
  return buildOutcome(input).report;
}

/** The report and the data of its charts, from one reading of what the replay left. */
export function buildOutcome(input: ReportInput): BacktestOutcome {
  const calendars = createCalendars(input.policy);
  const { policy } = input;

  const byKind: FlagKindSummary[] = [];
  for (const kind of flagKinds) {
    const rows = input.flags.filter((flag) => flag.kind === kind);
    const first = new Map<string, FlagRow>();
    for (const row of rows) {
      const seen = first.get(row.applicationId);
      if (!seen || row.raisedAt < seen.raisedAt) first.set(row.applicationId, row);
    }
    const firsts = [...first.values()];
    byKind.push({
      kind,
      opened: rows.length,
      applications: first.size,
      median_hours_waiting: round(
        percentile(
          firsts.map((row) => (row.raisedAt.getTime() - row.waitingSince.getTime()) / hourMs),
          0.5,
        ),
      ),
      median_days_since_applied: round(
        percentile(
          firsts.map((row) => (row.raisedAt.getTime() - row.appliedAt.getTime()) / (24 * hourMs)),
          0.5,
        ),
      ),
    });
  }

  const emails: BacktestReport['emails'] = { sent: {}, suppressed: {}, cancelled: {}, pending_at_end: 0 };
  for (const row of input.notifications) {
    if (row.status === 'sent') increment(emails.sent, row.kind, row.count);
    else if (row.status === 'suppressed') increment(emails.suppressed, row.reason, row.count);
    else if (row.status === 'cancelled') increment(emails.cancelled, row.reason, row.count);
    else emails.pending_at_end += row.count;
  }

  const silences = input.timelines
    .map((timeline) => ({
      application_id: timeline.id,
      business_days: longestSilence(timeline, input, calendars),
    }))
    .filter(
      (entry): entry is { application_id: string; business_days: number } => entry.business_days !== null,
    );
  const silent = silences
    .filter((entry) => entry.business_days > input.silentDays)
    .sort((a, b) => b.business_days - a.business_days || compareText(a.application_id, b.application_id));

  const waits = answeredWaits(input.feedbackPeriods, calendars);
  const report: BacktestReport = {
    history: {
      ...input.history,
      skipped: sortedRecord(input.history.skipped),
      applications: input.timelines.length,
    },
    policy: {
      file: input.policyFile,
      silence_business_days: policy.silence_business_days,
      feedback_sla_hours: policy.feedback_sla_hours,
      decision_overdue_business_days: policy.decision_overdue_business_days,
      awaiting_reply_business_days: policy.awaiting_reply_business_days,
      scheduling_stalled_business_days: policy.scheduling_stalled_business_days,
      competing_offer_window_business_days: policy.competing_offer_window_business_days,
      keep_warm: {
        auto: policy.keep_warm.auto,
        sources: [...policy.keep_warm.sources],
        min_gap_business_days: policy.keep_warm.min_gap_business_days,
        max_in_a_row: policy.keep_warm.max_in_a_row,
      },
      feedback_reminders_auto: policy.feedback_reminders.auto,
      send_window: `${policy.send_window.start}-${policy.send_window.end}${policy.send_window.business_days_only ? ' business days' : ' every day'}`,
    },
    flags: { total: input.flags.length, by_kind: byKind },
    emails: {
      sent: sortedRecord(emails.sent),
      suppressed: sortedRecord(emails.suppressed),
      cancelled: sortedRecord(emails.cancelled),
      pending_at_end: emails.pending_at_end,
    },
    silence: {
      threshold_business_days: input.silentDays,
      candidates: silent.length,
      applications: silences.length,
      longest: silent.slice(0, longestShown).map((entry) => ({
        application_id: entry.application_id,
        business_days: round(entry.business_days) ?? 0,
      })),
    },
    hiring_managers: summariesOf(waits),
  };
  return {
    report,
    charts: {
      flagsPerWeek: countPerWeek(input.flags.map((flag) => ({ kind: flag.kind, at: flag.raisedAt }))),
      emailsPerWeek: countPerWeek(input.sentEmails.map((email) => ({ kind: email.kind, at: email.sentAt }))),
      feedbackWaits: waits
        .map((manager) => ({ id: manager.id, name: manager.name, businessHours: manager.businessHours }))
        .sort((a, b) => compareText(a.id, b.id)),
      silences: silences.map((entry) => entry.business_days),
    },
  };
}

const dayMs = 24 * hourMs;

/** The Monday (UTC) starting the week of an instant, as YYYY-MM-DD. */
export function weekOf(at: Date): string {
  const day = Math.floor(at.getTime() / dayMs);
  // 1970-01-01 was a Thursday: day + 3 counts from a Monday.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return new Date(monday * dayMs).toISOString().slice(0, 10);
}

function countPerWeek(items: ReadonlyArray<{ kind: string; at: Date }>): BacktestCharts['flagsPerWeek'] {
  const counts = new Map<string, { week: string; kind: string; count: number }>();
  for (const { kind, at } of items) {
    const week = weekOf(at);
    const key = `${week}|${kind}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { week, kind, count: 1 });
  }
  return [...counts.values()].sort((a, b) => compareText(a.week, b.week) || compareText(a.kind, b.kind));
}

/**
 * The longest stretch, in business days on the recruiter's calendar, an application spent without
 * outbound contact while active: from the application (or a contact) to the next contact, its
 * closing, or the end of the history. Contacts are read from the projection itself, after each event
 * of the fold, so "what counts as contact" has one definition.
 */
function longestSilence(
  timeline: ApplicationTimeline,
  input: ReportInput,
  calendars: ReturnType<typeof createCalendars>,
): number | null {
  const contacts: Date[] = [];
  let last: number | null = null;
  const final = projectApplication(timeline.id, timeline.events, input.resolveStageKind, (contact) => {
    if (contact && contact.getTime() !== last) {
      last = contact.getTime();
      contacts.push(contact);
    }
  });
  if (!final) return null;
  const calendar = calendars.forPerson({
    timezone: timeline.recruiterTimezone,
    country: timeline.recruiterCountry,
  });
  const end = final.closedAt && final.closedAt < input.until ? final.closedAt : input.until;
  const points = [final.appliedAt, ...contacts.filter((at) => at > final.appliedAt && at < end), end].sort(
    (a, b) => a.getTime() - b.getTime(),
  );
  let longest = 0;
  for (let index = 1; index < points.length; index += 1)
    longest = Math.max(longest, calendar.businessHoursBetween(points[index - 1], points[index]) / 24);
  return longest;
}

interface ManagerWaits {
  id: string;
  name: string | null;
  answered: number;
  stillWaiting: number;
  hours: number[];
  businessHours: number[];
}

/** Per hiring manager, the waits that ended in feedback: clock hours, and business hours on their calendar. */
function answeredWaits(
  periods: readonly FeedbackPeriodRow[],
  calendars: ReturnType<typeof createCalendars>,
): ManagerWaits[] {
  const byManager = new Map<string, FeedbackPeriodRow[]>();
  for (const period of periods) {
    const list = byManager.get(period.managerId) ?? [];
    list.push(period);
    byManager.set(period.managerId, list);
  }
  return [...byManager].map(([id, list]) => {
    const calendar = calendars.forPerson({ timezone: list[0].timezone, country: list[0].country });
    const answered = list.filter((period) => period.endedBy === 'feedback' && period.endedAt);
    return {
      id,
      name: list[0].managerName,
      answered: answered.length,
      stillWaiting: list.filter((period) => period.endedAt === null).length,
      hours: answered.map((period) => (period.endedAt!.getTime() - period.startedAt.getTime()) / hourMs),
      businessHours: answered.map((period) =>
        calendar.businessHoursBetween(period.startedAt, period.endedAt!),
      ),
    };
  });
}

function summariesOf(waits: readonly ManagerWaits[]): ManagerSummary[] {
  const summaries = waits.map((manager): ManagerSummary => ({
    id: manager.id,
    name: manager.name,
    feedback_periods: manager.answered,
    still_waiting: manager.stillWaiting,
    median_hours: round(percentile(manager.hours, 0.5)),
    p90_hours: round(percentile(manager.hours, 0.9)),
    median_business_hours: round(percentile(manager.businessHours, 0.5)),
    p90_business_hours: round(percentile(manager.businessHours, 0.9)),
  }));
  return summaries.sort(
    (a, b) => (b.median_business_hours ?? -1) - (a.median_business_hours ?? -1) || compareText(a.id, b.id),
  );
}

/** Time to feedback per hiring manager: waits that ended in feedback, clock and business hours (their calendar). */
export function managerSummaries(
  periods: readonly FeedbackPeriodRow[],
  calendars: ReturnType<typeof createCalendars>,
): ManagerSummary[] {
  return summariesOf(answeredWaits(periods, calendars));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- Terminal output: plain text tables, no colours needed to read them.

export function table(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '—' : String(cell))));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const numeric = headers.map((_, column) =>
    rows.every((row) => row[column] === null || typeof row[column] === 'number'),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, column) =>
        numeric[column] && column > 0 ? value.padStart(widths[column]) : value.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

function total(record: Record<string, number>): number {
  return Object.values(record).reduce((sum, value) => sum + value, 0);
}

export function describePolicy(report: BacktestReport): string {
  const p = report.policy;
  return (
    `policy ${p.file ?? '(defaults)'}: silence ${p.silence_business_days} business days, feedback ${p.feedback_sla_hours} business hours, ` +
    `decision ${p.decision_overdue_business_days} days, reply ${p.awaiting_reply_business_days} day(s), scheduling ${p.scheduling_stalled_business_days} days; ` +
    `keep-warm ${p.keep_warm.auto ? `on for ${p.keep_warm.sources.join(', ')}` : 'off'} (gap ${p.keep_warm.min_gap_business_days} days, ` +
    `at most ${p.keep_warm.max_in_a_row} in a row), reminders ${p.feedback_reminders_auto ? 'on' : 'off'}, send window ${p.send_window}`
  );
}

export function describeHistory(report: BacktestReport): string {
  const h = report.history;
  const skipped = Object.entries(h.skipped).map(([reason, count]) => `${count} ${reason}`);
  return (
    `history: ${h.events} events (${h.applied} applied${h.duplicates ? `, ${h.duplicates} duplicates` : ''}` +
    `${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}), ${h.applications} applications, ` +
    `${h.from ?? '—'} → ${h.until}, ${h.clock_stops} clock stops`
  );
}

function hours(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** A table of the report, as the terminal prints it and the HTML report shows it. */
export interface ReportTable {
  title: string;
  headers: string[];
  rows: Array<Array<string | number | null>>;
}

export function flagsTable(report: BacktestReport): ReportTable {
  return {
    title: `Flags opened: ${report.flags.total}`,
    headers: ['kind', 'opened', 'applications', 'median h waiting when flagged', 'median days since applied'],
    rows: report.flags.by_kind.map((row) => [
      row.kind,
      row.opened,
      row.applications,
      row.median_hours_waiting,
      row.median_days_since_applied,
    ]),
  };
}

export function emailsTable(report: BacktestReport): ReportTable {
  return {
    title: `Automatic emails: ${total(report.emails.sent)} sent, ${total(report.emails.suppressed)} suppressed, ${total(report.emails.cancelled)} cancelled, ${report.emails.pending_at_end} still scheduled at the end`,
    headers: ['status', 'kind / reason', 'count'],
    rows: [
      ...Object.entries(report.emails.sent).map(([kind, count]) => ['sent', kind, count]),
      ...Object.entries(report.emails.suppressed).map(([reason, count]) => ['suppressed', reason, count]),
      ...Object.entries(report.emails.cancelled).map(([reason, count]) => ['cancelled', reason, count]),
    ],
  };
}

export function silenceTable(report: BacktestReport): ReportTable {
  const s = report.silence;
  return {
    title: `Candidates who went more than ${s.threshold_business_days} business days without contact: ${s.candidates} of ${s.applications}`,
    headers: ['application', 'longest silence (business days)'],
    rows: s.longest.map((row) => [row.application_id, row.business_days]),
  };
}

export function managersTable(managers: readonly ManagerSummary[]): ReportTable {
  return {
    title: 'Hiring managers, time to feedback (waits that ended in feedback):',
    headers: [
      'hiring manager',
      'answered',
      'still waiting',
      'median h',
      'p90 h',
      'median business h',
      'p90 business h',
    ],
    rows: managers.map((row) => [
      row.name ? `${row.name} (${row.id})` : row.id,
      row.feedback_periods,
      row.still_waiting,
      hours(row.median_hours),
      hours(row.p90_hours),
      hours(row.median_business_hours),
      hours(row.p90_business_hours),
    ]),
  };
}

function print(data: ReportTable): string {
  return table(data.headers, data.rows);
}

export function formatReport(report: BacktestReport): string {
  const out: string[] = [describeHistory(report), describePolicy(report), ''];
  const flags = flagsTable(report);
  out.push(flags.title, print(flags));
  const emails = emailsTable(report);
  out.push('', emails.title);
  if (emails.rows.length) out.push(print(emails));
  const silence = silenceTable(report);
  out.push('', silence.title);
  if (silence.rows.length) out.push(print(silence));
  const managers = managersTable(report.hiring_managers);
  out.push('', managers.title, print(managers));
  return `${out.join('\n')}\n`;
}

function delta(a: number | null, b: number | null): string {
  if (a === null || b === null) return '—';
  const d = Math.round((b - a) * 10) / 10;
  return d === 0 ? '0' : d > 0 ? `+${d}` : String(d);
}

/** Two runs side by side: the baseline policy, the candidate policy and what changes. */
export function comparisonTable(baseline: BacktestReport, candidate: BacktestReport): ReportTable {
  const rows: Array<[string, number | null, number | null, string]> = [];
  const add = (label: string, a: number | null, b: number | null) => rows.push([label, a, b, delta(a, b)]);
  add('flags opened', baseline.flags.total, candidate.flags.total);
  for (const [index, row] of baseline.flags.by_kind.entries()) {
    const other = candidate.flags.by_kind[index];
    if (row.opened === 0 && other.opened === 0) continue;
    add(`  ${row.kind}`, row.opened, other.opened);
    add(`    median h waiting when flagged`, row.median_hours_waiting, other.median_hours_waiting);
  }
  const kinds = [
    ...new Set([...Object.keys(baseline.emails.sent), ...Object.keys(candidate.emails.sent)]),
  ].sort();
  add('emails sent', total(baseline.emails.sent), total(candidate.emails.sent));
  for (const kind of kinds)
    add(`  ${kind}`, baseline.emails.sent[kind] ?? 0, candidate.emails.sent[kind] ?? 0);
  const reasons = [
    ...new Set([...Object.keys(baseline.emails.suppressed), ...Object.keys(candidate.emails.suppressed)]),
  ].sort();
  add('emails suppressed', total(baseline.emails.suppressed), total(candidate.emails.suppressed));
  for (const reason of reasons)
    add(`  ${reason}`, baseline.emails.suppressed[reason] ?? 0, candidate.emails.suppressed[reason] ?? 0);
  add('emails cancelled', total(baseline.emails.cancelled), total(candidate.emails.cancelled));
  add(
    `silent > ${baseline.silence.threshold_business_days} business days`,
    baseline.silence.candidates,
    candidate.silence.candidates,
  );
  return {
    title: 'Baseline and candidate side by side',
    headers: ['', 'baseline', 'candidate', 'delta'],
    rows,
  };
}

export function formatComparison(baseline: BacktestReport, candidate: BacktestReport): string {
  return [
    describeHistory(baseline),
    `baseline:  ${describePolicy(baseline)}`,
    `candidate: ${describePolicy(candidate)}`,
    '',
    print(comparisonTable(baseline, candidate)),
    '',
    'Hiring managers, time to feedback (the history, the same under both policies):',
    print(managersTable(baseline.hiring_managers)),
    '',
  ].join('\n');
}
