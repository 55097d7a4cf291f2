import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { relayJobName, relayJobOptions, relaySchedulerId } from '../infra/queue/job-options';
import { JobSchedulers } from '../infra/queue/job-schedulers';
import { queueNames } from '../infra/queue/queue.constants';
import { OutboxRelay, RelayOutcome } from './outbox-relay.service';

/**
 * Runs the relay for every job on `outbox-relay`: the ticks of one job scheduler with a fixed id
 * (N replicas upsert the same scheduler, so it ticks once) and the nudges sent after commits.
 * The schedule runs even with WORKER_SCHEDULES=false: docs/contract.md keeps the relay and delivery running.
 */
@Processor(queueNames.outbox)
export class OutboxRelayProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
    private readonly schedulers: JobSchedulers,
    @InjectQueue(queueNames.outbox) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // With Redis down at start the worker still starts; the schedule is re-asserted every minute.
    this.schedulers.keep({
      queue: this.queue,
      schedulerId: relaySchedulerId,
      everyMs: this.config.env.outboxRelayIntervalMs,
      jobName: relayJobName,
      jobOptions: relayJobOptions,
    });
  }

  async process(): Promise<RelayOutcome> {
    return this.relay.relayDue();
  }
}
