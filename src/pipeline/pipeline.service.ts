import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { Stage } from '../canonical/canonical-event.schema';
import { MetricsService } from '../infra/metrics/metrics.service';
import { stageKindFor } from '../policy/stage-kinds';
import type { StageKindResolver } from './application-projection';
import type { ApplicationView, FeedbackPeriodRow } from './application-view';
import { ApplicationsRepository, LoadedApplication } from './applications.repository';
import { EventApplier, stageKindResolver, type ApplyOutcome, type IncomingEvent } from './event-applier';
import { PipelineRepository } from './pipeline.repository';
import { UnknownStageNames } from './unknown-stage-names.service';
import type { PipelineStore } from './pipeline-store';

export type { LoadedApplication };
export type { ApplyOutcome, ErasedCandidate, IncomingEvent } from './event-applier';
export { referencesOf } from './event-applier';

/** Applies canonical events to the projection. Every call runs inside the caller's transaction. */
@Injectable()
export class PipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PipelineRepository,
    private readonly applications: ApplicationsRepository,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly unknownStageNames: UnknownStageNames,
  ) {
    this.resolveStageKind = stageKindResolver(config.policy);
    this.applier = new EventApplier(this.resolveStageKind, (stage, now) =>
      this.countUnknownStage(stage, now),
    );
  }

  readonly resolveStageKind: StageKindResolver;
  private readonly applier: EventApplier;

  /**
   * Appends the events to the log (a redelivered id changes nothing), updates jobs, people and
   * candidates from their snapshots, and re-folds every application they touch, which is then due
   * for evaluation at once.
   */
  async apply(
    manager: EntityManager,
    source: string,
    incoming: readonly IncomingEvent[],
    now: Date,
  ): Promise<ApplyOutcome> {
    const [outcome] = await this.applyBatch(manager, [{ source, incoming }], now);
    return outcome;
  }

  /**
   * apply() for several deliveries at once, set-based: whatever the batch's size, its events are
   * applied in three statements (pipeline.repository.ts). The deliveries count as arriving in the
   * given order; each gets its own outcome (event-applier.ts decides what is stored and folded).
   */
  applyBatch(
    manager: EntityManager,
    deliveries: ReadonlyArray<{ source: string; incoming: readonly IncomingEvent[] }>,
    now: Date,
  ): Promise<ApplyOutcome[]> {
    return this.applier.applyBatch(this.storeIn(manager), deliveries, now);
  }

  /** Stage names that match no mapping default to interview; operators see them in GET /v1/stats and the metric. */
  private countUnknownStage(stage: Stage, now: Date): void {
    if (stage.kind || stageKindFor(stage.name, null, this.config.policy).known) return;
    this.metrics.unknownStageNames.inc();
    this.unknownStageNames.seen(stage.name, now);
  }

  /** The pipeline's tables in the caller's transaction, as the applier sees them. */
  private storeIn(manager: EntityManager): PipelineStore {
    const repository = this.repository;
    return {
      lockApplicationsAndFindErased: (applicationIds, candidateIds) =>
        repository.lockApplicationsAndFindErased(manager, applicationIds, candidateIds),
      appendEventsAndReadLogs: (entries, applicationIds) =>
        repository.appendEventsAndReadLogs(manager, entries, applicationIds),
      saveBatch: (batch, dueAt) => repository.saveBatch(manager, batch, dueAt),
      markApplicationsDue: (of, at) => repository.markApplicationsDue(manager, of, at),
      eraseCandidate: (candidateId, at) => repository.eraseCandidate(manager, candidateId, at),
      storedPayloadsOfCandidate: (candidateId) => repository.storedPayloadsOfCandidate(manager, candidateId),
      replaceStoredPayload: (sequence, payload, vendorPayload) =>
        repository.replaceStoredPayload(manager, sequence, payload, vendorPayload),
    };
  }

  /** The facts the rules need, for many applications at once, inside the caller's transaction. */
  loadFacts(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<Map<string, LoadedApplication>> {
    return this.applications.loadFacts(manager, applicationIds);
  }

  /** The event log as stored, oldest first, in pages (export-events). */
  async *eventLog(since: Date | null, pageSize = 1000): AsyncGenerator<{ source: string; payload: unknown }> {
    let after = '0';
    for (;;) {
      const rows = await this.repository.readEventLog(this.dataSource.manager, after, since, pageSize);
      if (rows.length === 0) return;
      for (const row of rows) yield { source: row.source, payload: row.payload };
      after = rows[rows.length - 1].sequence;
    }
  }

  /** Every awaiting-feedback period, by manager and start (reports: time to feedback per manager). */
  feedbackPeriods(): Promise<FeedbackPeriodRow[]> {
    return this.applications.feedbackPeriods(this.dataSource.manager);
  }

  /** One application as the REST API shows it; null when unknown. */
  findApplication(applicationId: string): Promise<ApplicationView | null> {
    return this.applications.findView(this.dataSource.manager, applicationId);
  }

  /** Locks one application for a change made outside ingestion; false when it is unknown. */
  lockApplication(manager: EntityManager, applicationId: string): Promise<boolean> {
    return this.repository.lockApplication(manager, applicationId);
  }

  /** Records when each application is next due for evaluation (the sweep's answer). */
  scheduleEvaluations(
    manager: EntityManager,
    schedule: ReadonlyArray<{ id: string; nextEvaluationAt: Date | null }>,
  ): Promise<void> {
    return this.repository.scheduleEvaluations(manager, schedule);
  }

  /** Hides the application from attention until `until` and pauses its automatic sends; null when unknown. */
  snooze(
    manager: EntityManager,
    applicationId: string,
    until: Date,
    reason: string | null,
  ): Promise<{ snoozedUntil: Date; reason: string | null } | null> {
    return this.repository.snooze(manager, applicationId, until, reason);
  }

  /** The candidate opted out of automatic updates (the first date counts); null when unknown. */
  optOutCandidate(manager: EntityManager, candidateId: string, at: Date): Promise<Date | null> {
    return this.repository.optOutCandidate(manager, candidateId, at);
  }
}
