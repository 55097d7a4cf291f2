import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MetricsService } from '../infra/metrics/metrics.service';
import { PipelineService } from '../pipeline/pipeline.service';
import { NotificationsRepository } from './notifications.repository';

export interface OptOutResult {
  candidateId: string;
  optedOutAt: Date;
  /** Automatic updates that were waiting and will not be sent. */
  cancelled: number;
}

/** What a candidate decides about their data: no more automatic updates (opt-out), or erasure. */
@Injectable()
export class CandidatePrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
    private readonly pipeline: PipelineService,
    private readonly metrics: MetricsService,
  ) {}

  /** From now on, and the ones already waiting. null when the candidate is unknown; twice keeps the first date. */
  async optOut(candidateId: string, now: Date = new Date()): Promise<OptOutResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const optedOutAt = await this.pipeline.optOutCandidate(manager, candidateId, now);
      if (!optedOutAt) return null;
      const cancelled = await this.repository.cancelKeepWarmOfCandidate(manager, candidateId, 'opted_out');
      if (cancelled > 0)
        this.metrics.notifications.inc(
          { kind: 'keep_warm', status: 'cancelled', reason: 'opted_out' },
          cancelled,
        );
      return { candidateId, optedOutAt, cancelled };
    });
  }

  /**
   * Erasure, in the transaction that erased the candidate from the pipeline: the outbox forgets where
   * their mail went and nothing still waiting is sent.
   */
  async forget(manager: EntityManager, candidateId: string): Promise<void> {
    await this.repository.forgetCandidate(manager, candidateId);
  }
}
