import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MetricsService } from '../infra/metrics/metrics.service';
import type { EnqueueResult, NotificationCount, NotificationDraft } from './notification-contracts';
import { NotificationsRepository } from './notifications.repository';

/**
 * The outbox: notifications are written in the caller's transaction and relayed to BullMQ after
 * commit by the relay's schedule, or sooner when the caller nudges it (OutboxRelayNudge).
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly repository: NotificationsRepository,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    metrics.addCollector(async () => {
      metrics.outboxPending.set(await this.repository.pendingCount(dataSource.manager));
    });
  }

  /** Every notification counted by kind, status and reason (reports). */
  countsByOutcome(): Promise<NotificationCount[]> {
    return this.repository.countsByOutcome(this.dataSource.manager);
  }

  async enqueue(manager: EntityManager, draft: NotificationDraft): Promise<EnqueueResult> {
    const result = await this.repository.insert(manager, draft);
    if (result.created) {
      this.metrics.notifications.inc({
        kind: draft.kind,
        status: draft.status ?? 'pending',
        reason: draft.reason ?? 'none',
      });
    }
    return result;
  }
}
