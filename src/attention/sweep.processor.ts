import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { queueNames } from '../infra/queue/queue.constants';
import { SweepResult, SweepService } from './sweep.service';

// Cron decides when, queues do the work (STYLE.md): one job scheduler with a fixed id, so any number
// of worker replicas tick once per interval; SKIP LOCKED and the unique index make overlaps harmless.

export const sweepSchedulerId = 'sweep';
export const sweepJobName = 'sweep';

@Injectable()
export class SweepScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SweepScheduler.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(queueNames.sweep) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      if (!this.config.env.workerSchedules) {
        // WORKER_SCHEDULES=false: no periodic sweep from this deployment (POST /v1/scans still works).
        await this.queue.removeJobScheduler(sweepSchedulerId);
        return;
      }
      await this.queue.upsertJobScheduler(
        sweepSchedulerId,
        { every: this.config.env.sweepIntervalMs },
        {
          name: sweepJobName,
          data: {},
          opts: {
            // A failed tick is made up by the next one: no retries, little history.
            attempts: 1,
            removeOnComplete: { age: 3600, count: 100 },
            removeOnFail: { age: 7 * 24 * 3600, count: 100 },
          },
        },
      );
    } catch (error) {
      // Redis down at start delays sweeps, it does not stop the worker.
      this.logger.warn(`could not register the sweep schedule: ${(error as Error).message}`);
    }
  }
}

@Processor(queueNames.sweep)
export class SweepProcessor extends WorkerHost {
  constructor(private readonly sweep: SweepService) {
    super();
  }

  async process(job: Job): Promise<SweepResult | undefined> {
    if (job.name !== sweepJobName) return undefined;
    return this.sweep.sweep(new Date());
  }
}
