import { nextSendTime } from '../policy';
import type { ApplicationFacts, BusinessCalendar, Calendars, Policy } from '../policy';
import type { EnqueueResult, NotificationDraft, PlannedFlag, PlanningInput } from './notification-contracts';
import type { NotificationKind, NotificationStatus } from './notification.entity';
import type { CandidateContact } from './notifications.repository';

// What the sweep writes to the outbox (docs/rules.md, rules 3, 4, 9, 11). Called inside the sweep's
// transaction for every evaluated application, so a flag and its notification commit together.
//
// One notification per flag occurrence: the idempotency key is the flag's kind and cause (the cause
// changes with a new silence, a new promise, a new feedback level), so repeated sweeps, replicas and
// restarts write it once. A send that must not happen is still written, as 'suppressed' with its
// reason, so that every automatic email keepwarm did not send can be explained.
//
// Snooze pauses rather than suppresses: while the application is snoozed the occurrence is recorded
// once as suppressed 'snoozed' (under a key of its own), and its real notification is planned when the
// sweep sees the application after the snooze, if the flag still stands. Sends already pending when a
// snooze starts are held back by the relay until the snooze ends.
//
// The decisions are written once (planNotifications) against PlanningStore: the outbox in PostgreSQL
// for the service (NotificationPlanner, in the sweep's transaction), in memory for the backtest.

export const keepWarmFlagKinds = ['candidate_silent', 'update_promise_missed'] as const;

type Intent =
  | { kind: 'keep_warm'; key: string; flag: PlannedFlag }
  | { kind: 'feedback_reminder'; key: string; flag: PlannedFlag; level: 1 | 2 };

/** The kinds the planner writes for an application, and the statuses in which they can still be cancelled. */
export const plannedKinds: readonly NotificationKind[] = ['keep_warm', 'feedback_reminder'];
export const openStatuses: readonly NotificationStatus[] = ['pending', 'queued'];
/** Automatic updates that count against caps and gaps: sent, or on their way. */
export const automaticUpdateStatuses: readonly NotificationStatus[] = ['pending', 'queued', 'sent'];

/** A keep-warm update to the candidate or of the application, with the instant it went (or goes) out. */
export interface AutomaticUpdate {
  applicationId: string | null;
  candidateId: string | null;
  sentAt: Date | null;
  scheduledFor: Date;
}

/** What the planner reads and writes; every call runs in the caller's transaction. */
export interface PlanningStore {
  /** Open (openStatuses) planned notifications of the application, except `keepKeys`, become cancelled. */
  cancelOpenOfApplication(
    applicationId: string,
    reason: string,
    keepKeys: readonly string[],
  ): Promise<Array<{ id: string; kind: NotificationKind }>>;
  keysOfApplication(applicationId: string): Promise<Set<string>>;
  candidateContact(candidateId: string): Promise<CandidateContact | null>;
  personEmail(personId: string): Promise<string | null>;
  /** Serialises caps and gaps per candidate until commit. */
  lockCandidate(candidateId: string): Promise<void>;
  /** The last outbound contact by a person, and the last recruiter action, on the application. */
  humanActs(
    applicationId: string,
  ): Promise<{ lastHumanOutboundContactAt: Date | null; lastRecruiterActionAt: Date | null }>;
  /** Keep-warm updates (automaticUpdateStatuses) to the candidate or of the application. */
  automaticUpdates(candidateId: string, applicationId: string): Promise<AutomaticUpdate[]>;
  enqueue(draft: NotificationDraft): Promise<EnqueueResult>;
}

export interface PlanningOutcome {
  /** Notifications written. */
  written: number;
  cancelled: Array<{ kind: NotificationKind; reason: string }>;
}

/** Writes the notifications the application's open flags call for, and cancels those no longer called for. */
export async function planNotifications(
  store: PlanningStore,
  input: PlanningInput,
  policy: Policy,
  calendars: Calendars,
): Promise<PlanningOutcome> {
  const { facts } = input;
  const outcome: PlanningOutcome = { written: 0, cancelled: [] };
  const cancel = async (reason: string, keepKeys: readonly string[]) => {
    for (const row of await store.cancelOpenOfApplication(facts.id, reason, keepKeys))
      outcome.cancelled.push({ kind: row.kind, reason });
  };
  if (facts.status !== 'active') {
    // Closing an application cancels what it was still going to send.
    await cancel('application_closed', []);
    return outcome;
  }

  const intents = intentsFor(facts.id, input.openFlags);
  // Occurrences that are no longer open (answered, resolved, superseded by the next level) take
  // their waiting notifications with them: an update after the candidate heard from a human is noise.
  await cancel(
    'flag_resolved',
    intents.map((intent) => intent.key),
  );
  if (intents.length === 0) return outcome;

  const existing = await store.keysOfApplication(facts.id);
  for (const intent of intents) {
    if (existing.has(intent.key)) continue;
    const draft =
      intent.kind === 'keep_warm'
        ? await planKeepWarm(store, input, intent, policy, calendars)
        : await planFeedbackReminder(store, input, intent, policy, calendars);
    if (!draft || existing.has(draft.idempotencyKey)) continue;
    const { created } = await store.enqueue(draft);
    if (created) outcome.written += 1;
  }
  return outcome;
}

async function planKeepWarm(
  store: PlanningStore,
  input: PlanningInput,
  intent: Extract<Intent, { kind: 'keep_warm' }>,
  fullPolicy: Policy,
  calendars: Calendars,
): Promise<NotificationDraft | null> {
  const { facts, now } = input;
  const policy = fullPolicy.keep_warm;
  // Automatic updates are off, or not for this step (offers are a human conversation): the flag
  // alone asks the recruiter to act.
  if (!policy.auto || !policy.stages.includes(facts.stage.kind)) return null;

  const isAgency = facts.candidate.isAgency;
  const base: NotificationDraft = {
    kind: 'keep_warm',
    idempotencyKey: intent.key,
    applicationId: facts.id,
    candidateId: facts.candidate.id,
    flagId: intent.flag.id,
    recipientRole: isAgency ? 'agency' : 'candidate',
    scheduledFor: now,
    context: {
      flag_kind: intent.flag.kind,
      cause: intent.flag.cause,
      ...(intent.flag.kind === 'update_promise_missed'
        ? { promised_by: intent.flag.details.promised_by }
        : {}),
    },
  };
  const suppressed = (reason: string): NotificationDraft => ({ ...base, status: 'suppressed', reason });

  // Vendor webhooks do not show the emails recruiters send from the ATS: such a candidate only looks silent.
  if (!policy.sources.includes(facts.source)) return suppressed('source_not_enabled');
  const candidate = await store.candidateContact(facts.candidate.id);
  if (!candidate || candidate.erasedAt) return suppressed('erased');
  if (candidate.optedOutAt || !candidate.canEmail || !facts.candidate.canEmail)
    return suppressed('opted_out');
  // Someone who wrote waits for a person's answer, not a generic update (rule 6). Under a key of its own,
  // like a snooze, so the update is planned again if the wait ends and the flag still stands.
  if (awaitsHumanReply(input))
    return { ...suppressed('awaiting_human_reply'), idempotencyKey: `${intent.key}:awaiting_human_reply` };
  if (isSnoozed(input)) return { ...suppressed('snoozed'), idempotencyKey: `${intent.key}:snoozed` };
  // Agency candidates hear through their agency, never directly (rule 9).
  const address = isAgency ? candidate.agencyEmail : candidate.email;
  if (!address) return suppressed('no_recipient_email');

  await store.lockCandidate(facts.candidate.id);
  const updates = (await store.automaticUpdates(facts.candidate.id, facts.id)).map((update) => ({
    ...update,
    at: (update.sentAt ?? update.scheduledFor).getTime(),
  }));
  // At most max_in_a_row automatic updates before a human acts (rule 4); keepwarm's own updates never reset it.
  const acts = await store.humanActs(facts.id);
  const humanActedAt = latest(acts.lastHumanOutboundContactAt, acts.lastRecruiterActionAt);
  const inARow = updates.filter(
    (update) =>
      update.applicationId === facts.id && (humanActedAt === null || update.at > humanActedAt.getTime()),
  ).length;
  if (inARow >= policy.max_in_a_row) return suppressed('cap_reached');

  const calendar = keepWarmCalendar(facts, calendars);
  // At most one automatic update per candidate per gap: a later one waits for the end of the gap.
  let earliest = now;
  const toCandidate = updates.filter((update) => update.candidateId === facts.candidate.id);
  if (toCandidate.length > 0 && policy.min_gap_business_days > 0) {
    const last = new Date(Math.max(...toCandidate.map((update) => update.at)));
    const gapEnds = calendar.addBusinessDays(last, policy.min_gap_business_days);
    if (gapEnds > earliest) earliest = gapEnds;
  }
  const scheduledFor = nextSendTime(earliest, calendar, fullPolicy.send_window);
  return {
    ...base,
    scheduledFor,
    context: { ...base.context, ...(earliest > now ? { deferred_until: earliest.toISOString() } : {}) },
  };
}

async function planFeedbackReminder(
  store: PlanningStore,
  input: PlanningInput,
  intent: Extract<Intent, { kind: 'feedback_reminder' }>,
  policy: Policy,
  calendars: Calendars,
): Promise<NotificationDraft | null> {
  const { facts, now } = input;
  if (!policy.feedback_reminders.auto) return null;
  const manager = facts.hiringManager;
  const base: NotificationDraft = {
    kind: 'feedback_reminder',
    idempotencyKey: intent.key,
    applicationId: facts.id,
    candidateId: facts.candidate.id,
    flagId: intent.flag.id,
    recipientRole: 'hiring_manager',
    recipientPersonId: manager?.id ?? null,
    scheduledFor: now,
    context: {
      flag_kind: intent.flag.kind,
      cause: intent.flag.cause,
      level: intent.level,
      waiting_since: intent.flag.waitingSince.toISOString(),
    },
  };
  const suppressed = (reason: string): NotificationDraft => ({ ...base, status: 'suppressed', reason });
  if (!manager || !(await store.personEmail(manager.id))) return suppressed('no_recipient_email');
  if (isSnoozed(input)) return { ...suppressed('snoozed'), idempotencyKey: `${intent.key}:snoozed` };
  const calendar = calendars.forPerson(manager);
  return { ...base, scheduledFor: nextSendTime(now, calendar, policy.send_window) };
}

/** The recipient's calendar: the candidate's; for an agency contact, the candidate's if known, else the recruiter's. */
function keepWarmCalendar(facts: ApplicationFacts, calendars: Calendars): BusinessCalendar {
  if (facts.candidate.isAgency && !facts.candidate.timezone && facts.recruiter) {
    return calendars.forPerson(facts.recruiter);
  }
  return calendars.forPerson(facts.candidate);
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** The notifications each open flag calls for, keyed by its occurrence. */
export function intentsFor(applicationId: string, flags: readonly PlannedFlag[]): Intent[] {
  const intents: Intent[] = [];
  for (const flag of flags) {
    if (flag.kind === 'candidate_silent' || flag.kind === 'update_promise_missed') {
      intents.push({ kind: 'keep_warm', key: `keep_warm:${applicationId}:${flag.kind}:${flag.cause}`, flag });
    } else if (flag.kind === 'feedback_overdue') {
      // The first reminder at the threshold and one repeat at twice the wait; never more per wait.
      const level = Number(flag.details.level ?? 1);
      if (level === 1 || level === 2) {
        intents.push({
          kind: 'feedback_reminder',
          key: `feedback_reminder:${applicationId}:${flag.cause}`,
          flag,
          level,
        });
      }
    }
  }
  return intents;
}

/** The candidate wrote and no human has answered yet, whether or not candidate_awaiting_reply has opened. */
export function awaitsHumanReply(input: PlanningInput): boolean {
  return (
    input.facts.oldestUnansweredInboundAt !== null ||
    input.openFlags.some((flag) => flag.kind === 'candidate_awaiting_reply')
  );
}

function isSnoozed(input: PlanningInput): boolean {
  return input.snoozedUntil !== null && input.snoozedUntil > input.now;
}
