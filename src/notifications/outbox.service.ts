import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MetricsService } from '../infra/metrics/metrics.service';
import { relayJobName, relayJobOptions, relayNudgeDeduplication } from '../infra/queue/job-options';
import { queueNames } from '../infra/queue/queue.constants';
import type { EnqueueResult, NotificationDraft, Outbox } from './notification-contracts';
import { NotificationsRepository } from './notifications.repository';

// A nudge must never hold up the caller: with Redis down the API's producer connection fails fast,
// and this bound covers the rest. The relay's own schedule picks the rows up either way.
const nudgeTimeoutMs = 500;

/** The outbox: rows written in the caller's transaction, relayed to BullMQ after commit. */
@Injectable()
export class OutboxService implements Outbox {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly repository: NotificationsRepository,
    private readonly metrics: MetricsService,
    @InjectQueue(queueNames.outbox) private readonly relayQueue: Queue,
    @InjectDataSource() dataSource: DataSource,
  ) {
    metrics.addCollector(async () => {
      metrics.outboxPending.set(await this.repository.pendingCount(dataSource.manager));
    });
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

  async nudgeRelay(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, nudgeTimeoutMs);
    });
    const nudge = this.relayQueue
      .add(relayJobName, {}, { ...relayJobOptions, deduplication: relayNudgeDeduplication })
      .then(() => undefined)
      .catch((error: unknown) => {
        this.logger.warn(`Outbox relay nudge failed (the scheduled relay will catch up): ${String(error)}`);
      });
    try {
      await Promise.race([nudge, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
