import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsService } from '../infra/metrics/metrics.service';
import { NotificationsRepository } from './notifications.repository';

export interface OptOutResult {
  candidateId: string;
  optedOutAt: Date;
  /** Automatic updates that were waiting and will not be sent. */
  cancelled: number;
}

/** A candidate stops getting automatic updates: from now on, and the ones already waiting. */
@Injectable()
export class OptOutService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
    private readonly metrics: MetricsService,
  ) {}

  /** null when the candidate is unknown. Opting out twice keeps the first date. */
  async optOut(candidateId: string, now: Date = new Date()): Promise<OptOutResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const optedOutAt = await this.repository.optOutCandidate(manager, candidateId, now);
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
}
