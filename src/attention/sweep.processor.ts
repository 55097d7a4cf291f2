import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { sweepJobOptions } from '../infra/queue/job-options';
import { JobSchedulers } from '../infra/queue/job-schedulers';
import { queueNames } from '../infra/queue/queue.constants';
import { OutboxRelayNudge } from '../notifications/outbox-relay-nudge';
import { SweepResult, SweepService } from './sweep.service';

// Cron decides when, queues do the work (docs/architecture.md): one job scheduler with a fixed id, so any number
// of worker replicas tick once per interval; SKIP LOCKED and the unique index make overlaps harmless.

export const sweepSchedulerId = 'sweep';
export const sweepJobName = 'sweep';

@Injectable()
export class SweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SweepScheduler.name);

  constructor(
    private readonly config: AppConfig,
    private readonly schedulers: JobSchedulers,
    @InjectQueue(queueNames.sweep) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.env.workerSchedules) {
      // WORKER_SCHEDULES=false: no periodic sweep from this deployment (POST /v1/scans still works).
      await this.queue
        .removeJobScheduler(sweepSchedulerId)
        .catch((error: unknown) => this.logger.warn(`could not remove the sweep schedule: ${String(error)}`));
      return;
    }
    this.schedulers.keep({
      queue: this.queue,
      schedulerId: sweepSchedulerId,
      everyMs: this.config.env.sweepIntervalMs,
      jobName: sweepJobName,
      jobOptions: sweepJobOptions,
    });
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
