import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../infra/metrics/metrics.service';
import { NotificationPlanner } from '../notifications/notification-planner';
import { PipelineService } from '../pipeline/pipeline.service';
import { createCalendars, type Calendars } from '../policy';
import { evaluateApplications, type EvaluationOutcome, type SweepStore } from './sweep-evaluation';
import { SweepRepository } from './sweep.repository';

export type { EvaluationOutcome };

export interface SweepResult {
  evaluated: number;
  opened: number;
  resolved: number;
}

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
    const outcome = await evaluateApplications(
      this.storeIn(manager),
      {
        policy: this.config.policy,
        calendars,
        newFlagId: randomUUID,
        onEvaluationError: (error, applicationId) =>
          this.logger.error({ err: error, applicationId }, 'evaluation failed; retrying later'),
      },
      applicationIds,
      now,
    );
    for (const flag of outcome.resolved)
      this.metrics.flagsResolved.inc({ kind: flag.kind, reason: flag.resolution });
    for (const flag of outcome.openedFlags) this.metrics.flagsOpened.inc({ kind: flag.kind });
    return outcome;
  }

  /** The flags, the pipeline and the planner in the caller's transaction, as the sweep sees them. */
  private storeIn(manager: EntityManager): SweepStore {
    const repository = this.repository;
    return {
      loadFacts: (ids) => this.pipeline.loadFacts(manager, ids),
      flagState: (ids) => repository.flagState(manager, ids),
      resolveFlags: (resolutions, at) => repository.resolveFlags(manager, resolutions, at),
      insertFlags: (flags, at) => repository.insertFlags(manager, flags, at),
      updateFlags: (updates) => repository.updateFlags(manager, updates),
      insertFlagEvents: (events, at) => repository.insertFlagEvents(manager, events, at),
      scheduleEvaluations: (schedule) => this.pipeline.scheduleEvaluations(manager, schedule),
      plan: (input) => this.planner.plan(manager, input),
    };
  }
}
