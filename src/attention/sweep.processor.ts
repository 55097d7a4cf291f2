import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { keepJobScheduler } from '../infra/queue/job-schedulers';
import { queueNames } from '../infra/queue/queue.constants';
import { OutboxRelayNudge } from '../notifications/outbox-relay-nudge';
import { SweepResult, SweepService } from './sweep.service';

// Cron decides when, queues do the work (docs/architecture.md): one job scheduler with a fixed id, so any number
// of worker replicas tick once per interval; SKIP LOCKED and the unique index make overlaps harmless.

export const sweepSchedulerId = 'sweep';
export const sweepJobName = 'sweep';

@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(queueNames.sweep) private readonly queue: Queue,
  ) {}

  private stopSchedule: () => void = () => undefined;

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.env.workerSchedules) {
      // WORKER_SCHEDULES=false: no periodic sweep from this deployment (POST /v1/scans still works).
      await this.queue
        .removeJobScheduler(sweepSchedulerId)
        .catch((error: unknown) => this.logger.warn(`could not remove the sweep schedule: ${String(error)}`));
      return;
    }
    this.stopSchedule = keepJobScheduler(
      {
        queue: this.queue,
        schedulerId: sweepSchedulerId,
        everyMs: this.config.env.sweepIntervalMs,
        jobName: sweepJobName,
        refreshMs: this.config.env.scheduleRefreshMs,
        // A failed tick is made up by the next one: no retries, little history.
        jobOptions: {
          attempts: 1,
          removeOnComplete: { age: 3600, count: 100 },
          removeOnFail: { age: 7 * 24 * 3600, count: 100 },
        },
      },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.stopSchedule();
  }
}

@Processor(queueNames.sweep)
export class SweepProcessor extends WorkerHost {
  constructor(
    private readonly sweep: SweepService,
    private readonly relay: OutboxRelayNudge,
  ) {
    super();
  }

  async process(job: Job): Promise<SweepResult | undefined> {
    if (job.name !== sweepJobName) return undefined;
    const result = await this.sweep.sweep(new Date());
    if (result.evaluated > 0) await this.relay.nudge();
    return result;
  }
}
