import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { relayJobName, relayJobOptions, relaySchedulerId } from '../infra/queue/job-options';
import { keepJobScheduler } from '../infra/queue/job-schedulers';
import { queueNames } from '../infra/queue/queue.constants';
import { OutboxRelay, RelayOutcome } from './outbox-relay.service';

/**
 * Runs the relay for every job on `outbox-relay`: the ticks of one job scheduler with a fixed id
 * (N replicas upsert the same scheduler, so it ticks once) and the nudges sent after commits.
 * The schedule runs even with WORKER_SCHEDULES=false: docs/contract.md keeps the relay and delivery running.
 */
@Processor(queueNames.outbox)
export class OutboxRelayProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(OutboxRelayProcessor.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
    @InjectQueue(queueNames.outbox) private readonly queue: Queue,
  ) {
    super();
  }

  private stopSchedule: () => void = () => undefined;

  onApplicationBootstrap(): void {
    // With Redis down at start the worker still starts; the schedule is re-asserted every minute.
    this.stopSchedule = keepJobScheduler(
      {
        queue: this.queue,
        schedulerId: relaySchedulerId,
        everyMs: this.config.env.outboxRelayIntervalMs,
        jobName: relayJobName,
        refreshMs: this.config.env.scheduleRefreshMs,
        jobOptions: relayJobOptions,
      },
      this.logger,
    );
  }

  onApplicationShutdown(): void {
    this.stopSchedule();
  }

  async process(): Promise<RelayOutcome> {
    return this.relay.relayDue();
  }
}
