import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../infra/metrics/metrics.service';
import { emailJobOptions } from '../infra/queue/job-options';
import { queueNames } from '../infra/queue/queue.constants';
import { createCalendars } from '../policy';
import type { Calendars } from '../policy';
import { deliveryDecision } from './delivery-guards';
import { NotificationsRepository } from './notifications.repository';

export const emailJobName = 'send';

/** Email jobs carry the notification id only: personal data stays in PostgreSQL (docs/architecture.md). */
export interface EmailJobData {
  notificationId: string;
}

export interface RelayOutcome {
  queued: number;
  cancelled: number;
  suppressed: number;
  held: number;
  requeued: number;
}

const batchSize = 200;
const maxBatchesPerRun = 50;
// A queued row untouched this long may have lost its job (Redis flushed, or down right after our commit).
const staleQueuedMs = 10 * 60_000;

/**
 * Moves due outbox rows to the email queue. Rows are claimed with FOR UPDATE SKIP LOCKED, so relays on
 * several replicas share the work; the job id is the notification id, so relaying twice enqueues once.
 * Rows are marked 'queued' and committed first, then the jobs are added: a job can never run before
 * its row says 'queued', and a row whose job never arrived is found again as stale.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly calendars: Calendars;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotificationsRepository,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    @InjectQueue(queueNames.email) private readonly emailQueue: Queue<EmailJobData>,
  ) {
    this.calendars = createCalendars(config.policy);
  }

  async relayDue(now: Date = new Date()): Promise<RelayOutcome> {
    const outcome: RelayOutcome = { queued: 0, cancelled: 0, suppressed: 0, held: 0, requeued: 0 };
    for (let batch = 0; batch < maxBatchesPerRun; batch++) {
      const { claimed, toQueue } = await this.relayBatch(now, outcome);
      await this.addEmailJobs(toQueue);
      outcome.queued += toQueue.length;
      if (claimed < batchSize) break;
    }
    outcome.requeued = await this.requeueStale(now);
    return outcome;
  }

  private async relayBatch(
    now: Date,
    outcome: RelayOutcome,
  ): Promise<{ claimed: number; toQueue: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.repository.claimDue(manager, now, batchSize);
      const toQueue: string[] = [];
      for (const row of rows) {
        const decision = deliveryDecision(row, this.config.policy, this.calendars, now);
        switch (decision.action) {
          case 'send':
            toQueue.push(row.id);
            break;
          case 'hold':
            await this.repository.reschedule(manager, row.id, decision.until);
            outcome.held += 1;
            break;
          case 'cancel':
            await this.repository.setStatus(manager, [row.id], 'cancelled', decision.reason);
            this.metrics.notifications.inc({ kind: row.kind, status: 'cancelled', reason: decision.reason });
            outcome.cancelled += 1;
            break;
          case 'suppress':
            await this.repository.setStatus(manager, [row.id], 'suppressed', decision.reason);
            this.metrics.notifications.inc({ kind: row.kind, status: 'suppressed', reason: decision.reason });
            outcome.suppressed += 1;
            break;
        }
      }
      await this.repository.setStatus(manager, toQueue, 'queued', null);
      return { claimed: rows.length, toQueue };
    });
  }

  private async addEmailJobs(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const options = emailJobOptions(this.config.env);
    await this.emailQueue.addBulk(
      ids.map((id) => ({
        name: emailJobName,
        data: { notificationId: id },
        opts: { ...options, jobId: id },
      })),
    );
  }

  /** Re-adds the job of every stale queued row whose job is gone; a live job (waiting, delayed for a retry) is left alone. */
  private async requeueStale(now: Date): Promise<number> {
    const ids = await this.dataSource.transaction((manager) =>
      this.repository.claimStaleQueued(manager, new Date(now.getTime() - staleQueuedMs), batchSize),
    );
    let requeued = 0;
    for (const id of ids) {
      const job = await this.emailQueue.getJob(id);
      if (job) {
        const state = await job.getState();
        if (state !== 'completed' && state !== 'failed') continue;
        // Finished while the row still says queued: the processor never recorded it. Run it again.
        await job.remove();
      }
      await this.addEmailJobs([id]);
      requeued += 1;
    }
    if (requeued > 0) this.logger.warn(`Re-queued ${requeued} notification(s) whose email job had vanished`);
    return requeued;
  }
}
