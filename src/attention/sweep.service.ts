import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../infra/metrics/metrics.service';
import type { PlannedFlag } from '../notifications/notification-contracts';
import { NotificationPlanner } from '../notifications/notification-planner';
import { PipelineService, type LoadedApplication } from '../pipeline/pipeline.service';
import { createCalendars, evaluate, severityRank, type Calendars, type Evaluation } from '../policy';
import { reconcileFlags, type StoredFlag } from './flag-reconciliation';
import {
  FlagEventRow,
  FlagUpdateRow,
  NewFlagRow,
  ResolvedFlagRow,
  SweepRepository,
} from './sweep.repository';

export interface SweepResult {
  evaluated: number;
  opened: number;
  resolved: number;
}

export interface EvaluationOutcome {
  evaluated: number;
  opened: number;
  resolved: ResolvedFlagRow[];
  /** Notifications the planner wrote: the relay is nudged once they are committed. */
  notifications: number;
}

// An application whose evaluation throws (bad data) is looked at again later instead of blocking its batch forever.
const retryAfterErrorMs = 15 * 60_000;

/**
 * Evaluates due applications against the policy and keeps their flags equal to the answer:
 * one transaction per batch, claimed with SKIP LOCKED, idempotent however often it runs.
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: SweepRepository,
    private readonly pipeline: PipelineService,
    private readonly planner: NotificationPlanner,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Sweeps every application due at `now` (a parameter: tests and the backtest move the clock). The
   * notifications it plans are committed with their flags; whoever runs the sweep nudges the relay.
   */
  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const stopTimer = this.metrics.sweepDuration.startTimer();
    const batchSize = this.config.env.sweepBatchSize;
    const calendars = createCalendars(this.config.policy);
    const result: SweepResult = { evaluated: 0, opened: 0, resolved: 0 };
    try {
      for (;;) {
        const batch = await this.dataSource.transaction(async (manager) => {
          const claimed = await this.repository.claimDue(manager, now, batchSize);
          const outcome = await this.evaluateClaimed(manager, claimed, now, calendars);
          return { claimed: claimed.length, outcome };
        });
        if (batch.claimed === 0) break;
        this.metrics.sweepBatches.inc();
        this.metrics.sweepApplicationsEvaluated.inc(batch.outcome.evaluated);
        result.evaluated += batch.outcome.evaluated;
        result.opened += batch.outcome.opened;
        result.resolved += batch.outcome.resolved.length;
        // A short batch means nothing else is due (or another sweep holds the rest).
        if (batch.claimed < batchSize) break;
      }
    } finally {
      stopTimer();
    }
    if (result.evaluated > 0) this.logger.log(result, 'sweep finished');
    return result;
  }

  /**
   * Re-evaluates one application at once, in the caller's transaction (after a recruiter action):
   * the same path as the sweep, so flags and next_evaluation_at are exactly what a sweep would leave.
   */
  async reevaluate(
    manager: EntityManager,
    applicationId: string,
    now: Date = new Date(),
  ): Promise<EvaluationOutcome> {
    await this.pipeline.lockApplication(manager, applicationId);
    return this.evaluateClaimed(manager, [applicationId], now, createCalendars(this.config.policy));
  }

  private async evaluateClaimed(
    manager: EntityManager,
    applicationIds: readonly string[],
    now: Date,
    calendars: Calendars,
  ): Promise<EvaluationOutcome> {
    const outcome: EvaluationOutcome = { evaluated: 0, opened: 0, resolved: [], notifications: 0 };
    if (applicationIds.length === 0) return outcome;
    const loaded = await this.pipeline.loadFacts(manager, applicationIds);
    const flagState = await this.repository.flagState(manager, applicationIds);

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
      const evaluation = this.evaluateSafely(
        application,
        flagState.answered.get(applicationId) ?? [],
        now,
        calendars,
      );
      if (!evaluation) {
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
        const id = randomUUID();
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
    const resolved = await this.repository.resolveFlags(manager, resolutions, now);
    const inserted = await this.repository.insertFlags(manager, newFlags, now);
    await this.repository.updateFlags(manager, updates);
    for (const flag of resolved) this.metrics.flagsResolved.inc({ kind: flag.kind, reason: flag.resolution });
    for (const flag of newFlags) if (inserted.has(flag.id)) this.metrics.flagsOpened.inc({ kind: flag.kind });
    await this.repository.insertFlagEvents(manager, events, now);
    await this.pipeline.scheduleEvaluations(manager, schedule);
    outcome.opened = inserted.size;
    outcome.resolved = resolved;

    // A flag another transaction opened first (the unique index said no) is not ours to plan for.
    const notOpened = new Set(newFlags.filter((flag) => !inserted.has(flag.id)).map((flag) => flag.id));
    for (const [applicationId, planned] of openAfter) {
      const application = loaded.get(applicationId)!;
      outcome.notifications += await this.planner.plan(manager, {
        facts: application.facts,
        openFlags: planned.filter((flag) => !notOpened.has(flag.id)),
        snoozedUntil: application.snoozedUntil,
        now,
      });
    }
    return outcome;
  }

  private evaluateSafely(
    application: LoadedApplication,
    answered: Parameters<typeof evaluate>[1]['answered'],
    now: Date,
    calendars: Calendars,
  ): Evaluation | null {
    try {
      return evaluate(application.facts, { answered }, this.config.policy, now, calendars);
    } catch (error) {
      this.logger.error(
        { err: error, applicationId: application.facts.id },
        'evaluation failed; retrying later',
      );
      return null;
    }
  }
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
