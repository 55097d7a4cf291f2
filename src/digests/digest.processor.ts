import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { digestTickJobOptions } from '../infra/queue/job-options';
import { JobSchedulers } from '../infra/queue/job-schedulers';
import { queueNames } from '../infra/queue/queue.constants';
import { DigestsService, QueueSummary } from './digests.service';

// Cron decides when, queues do the work (docs/architecture.md): one job scheduler with a fixed id ticks every
// 15 minutes across all replicas, and the tick queues every digest that is due. Two ticks racing
// (or a tick racing POST /v1/digests) still store each digest once: the unique index decides.

export const digestSchedulerId = 'digest-schedule';
export const digestTickJob = 'queue-due-digests';
export const digestTickEveryMs = 15 * 60 * 1000;

@Injectable()
export class DigestScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly schedulers: JobSchedulers,
    @InjectQueue(queueNames.digest) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.env.workerSchedules) return;
    // Redis down at start delays digests, it does not stop the worker; POST /v1/digests still works.
    this.schedulers.keep({
      queue: this.queue,
      schedulerId: digestSchedulerId,
      everyMs: digestTickEveryMs,
      jobName: digestTickJob,
      jobOptions: digestTickJobOptions,
    });
  }
}

@Processor(queueNames.digest)
export class DigestProcessor extends WorkerHost {
  constructor(private readonly digests: DigestsService) {
    super();
  }

  async process(job: Job): Promise<QueueSummary | undefined> {
    if (job.name !== digestTickJob) return undefined;
    return this.digests.queueDue(new Date());
  }
}
