import type { PlannedFlag, PlanningInput } from '../notifications/notification-contracts';
import type { LoadedApplication } from '../pipeline/pipeline.service';
import {
  evaluate,
  severityRank,
  type AnsweredCause,
  type Calendars,
  type Evaluation,
  type Policy,
} from '../policy';
import { reconcileFlags, type StoredFlag } from './flag-reconciliation';
import type { FlagEventRow, FlagUpdateRow, NewFlagRow, ResolvedFlagRow } from './sweep.repository';

// What one sweep does to a set of claimed applications: evaluate, keep their flags equal to the
// answer, reschedule them and hand each to the notification planner. Written once against SweepStore:
// the service's store is PostgreSQL in the batch's transaction, the backtest's is memory.

export interface SweepStore {
  loadFacts(applicationIds: readonly string[]): Promise<Map<string, LoadedApplication>>;
  flagState(
    applicationIds: readonly string[],
  ): Promise<{ open: Map<string, StoredFlag[]>; answered: Map<string, AnsweredCause[]> }>;
  /** Resolves open flags (others are left alone); returns those it resolved. */
  resolveFlags(
    resolutions: ReadonlyArray<{ id: string; resolution: string }>,
    at: Date,
  ): Promise<ResolvedFlagRow[]>;
  /** Opens flags, at most one open per application and kind; returns the ids actually opened. */
  insertFlags(flags: readonly NewFlagRow[], at: Date): Promise<Set<string>>;
  updateFlags(updates: readonly FlagUpdateRow[]): Promise<void>;
  insertFlagEvents(events: readonly FlagEventRow[], at: Date): Promise<void>;
  scheduleEvaluations(schedule: ReadonlyArray<{ id: string; nextEvaluationAt: Date | null }>): Promise<void>;
  /** The notification planner, in the same transaction; returns how many notifications it wrote. */
  plan(input: PlanningInput): Promise<number>;
}

export interface SweepRules {
  policy: Policy;
  calendars: Calendars;
  newFlagId: () => string;
  onEvaluationError: (error: unknown, applicationId: string) => void;
}

export interface EvaluationOutcome {
  evaluated: number;
  opened: number;
  /** The flags opened, for metrics. */
  openedFlags: Array<{ id: string; kind: NewFlagRow['kind'] }>;
  resolved: ResolvedFlagRow[];
  /** Notifications the planner wrote: the relay is nudged once they are committed. */
  notifications: number;
}

// An application whose evaluation throws (bad data) is looked at again later instead of blocking its batch forever.
const retryAfterErrorMs = 15 * 60_000;

export async function evaluateApplications(
  store: SweepStore,
  rules: SweepRules,
  applicationIds: readonly string[],
  now: Date,
): Promise<EvaluationOutcome> {
  const outcome: EvaluationOutcome = {
    evaluated: 0,
    opened: 0,
    openedFlags: [],
    resolved: [],
    notifications: 0,
  };
  if (applicationIds.length === 0) return outcome;
  const loaded = await store.loadFacts(applicationIds);
  const flagState = await store.flagState(applicationIds);

  const resolutions: Array<{ id: string; resolution: string }> = [];
  const newFlags: NewFlagRow[] = [];
  const updates: FlagUpdateRow[] = [];
  const events: FlagEventRow[] = [];
  const schedule: Array<{ id: string; nextEvaluationAt: Date | null }> = [];
  const openAfter = new Map<string, PlannedFlag[]>();

  for (const applicationId of applicationIds) {
    const application = loaded.get(applicationId);
    if (!application) {
      schedule.push({ id: applicationId, nextEvaluationAt: null });
      continue;
    }
    const openFlags = flagState.open.get(applicationId) ?? [];
    let evaluation: Evaluation;
    try {
      evaluation = evaluate(
        application.facts,
        { answered: flagState.answered.get(applicationId) ?? [] },
        rules.policy,
        now,
        rules.calendars,
      );
    } catch (error) {
      rules.onEvaluationError(error, applicationId);
      schedule.push({ id: applicationId, nextEvaluationAt: new Date(now.getTime() + retryAfterErrorMs) });
      continue;
    }
    outcome.evaluated += 1;
    schedule.push({ id: applicationId, nextEvaluationAt: nextEvaluation(application, evaluation, now) });

    const changes = reconcileFlags(openFlags, evaluation.flags, application.facts.status !== 'active');
    const planned: PlannedFlag[] = changes.keep.map(plannedFrom);
    for (const { flag, resolution } of changes.resolve) resolutions.push({ id: flag.id, resolution });
    for (const { flag, draft, escalated, severityChanged } of changes.update) {
      updates.push({
        id: flag.id,
        severity: draft.severity,
        severityRank: severityRank(draft.severity),
        details: draft.details,
      });
      if (severityChanged) {
        events.push({
          flagId: flag.id,
          applicationId,
          event: escalated ? 'escalated' : 'updated',
          severity: draft.severity,
          reason: null,
        });
      }
      planned.push({ ...plannedFrom(flag), severity: draft.severity, details: draft.details });
    }
    for (const draft of changes.open) {
      const id = rules.newFlagId();
      newFlags.push({
        id,
        applicationId,
        kind: draft.kind,
        action: draft.action,
        severity: draft.severity,
        severityRank: severityRank(draft.severity),
        cause: draft.cause,
        waitingSince: draft.waitingSince,
        details: draft.details,
      });
      planned.push({
        id,
        kind: draft.kind,
        severity: draft.severity,
        cause: draft.cause,
        raisedAt: now,
        waitingSince: draft.waitingSince,
        details: draft.details,
      });
    }
    openAfter.set(applicationId, planned);
  }

  // Resolve first: a superseded flag must leave the one-open-per-kind index before its successor arrives.
  const resolved = await store.resolveFlags(resolutions, now);
  const inserted = await store.insertFlags(newFlags, now);
  await store.updateFlags(updates);
  await store.insertFlagEvents(events, now);
  await store.scheduleEvaluations(schedule);
  outcome.opened = inserted.size;
  outcome.openedFlags = newFlags
    .filter((flag) => inserted.has(flag.id))
    .map(({ id, kind }) => ({ id, kind }));
  outcome.resolved = resolved;

  // A flag another transaction opened first (the unique index said no) is not ours to plan for.
  const notOpened = new Set(newFlags.filter((flag) => !inserted.has(flag.id)).map((flag) => flag.id));
  for (const [applicationId, planned] of openAfter) {
    const application = loaded.get(applicationId)!;
    outcome.notifications += await store.plan({
      facts: application.facts,
      openFlags: planned.filter((flag) => !notOpened.has(flag.id)),
      snoozedUntil: application.snoozedUntil,
      now,
    });
  }
  return outcome;
}

/** The rules' next change, or the end of a snooze if sooner: automatic sends resume then. */
function nextEvaluation(application: LoadedApplication, evaluation: Evaluation, now: Date): Date | null {
  const { snoozedUntil } = application;
  const next = evaluation.nextEvaluationAt;
  if (application.facts.status !== 'active' || !snoozedUntil || snoozedUntil <= now) return next;
  return next && next < snoozedUntil ? next : snoozedUntil;
}

function plannedFrom(flag: StoredFlag): PlannedFlag {
  return {
    id: flag.id,
    kind: flag.kind,
    severity: flag.severity,
    cause: flag.cause,
    raisedAt: flag.raisedAt,
    waitingSince: flag.waitingSince,
    details: flag.details,
  };
}
