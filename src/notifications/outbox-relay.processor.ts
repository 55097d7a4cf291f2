import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { relayJobName, relayJobOptions, relaySchedulerId } from '../infra/queue/job-options';
import { queueNames } from '../infra/queue/queue.constants';
import { OutboxRelay, RelayOutcome } from './outbox-relay.service';

/**
 * Runs the relay for every job on `outbox-relay`: the ticks of one job scheduler with a fixed id
 * (N replicas upsert the same scheduler, so it ticks once) and the nudges sent after commits.
 * The schedule runs even with WORKER_SCHEDULES=false: API.md keeps the relay and delivery running.
 */
@Processor(queueNames.outbox)
export class OutboxRelayProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(OutboxRelayProcessor.name);

  constructor(
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
    @InjectQueue(queueNames.outbox) private readonly queue: Queue,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Not awaited: with Redis down at start the worker still starts, and BullMQ retries the command.
    this.queue
      .upsertJobScheduler(
        relaySchedulerId,
        { every: this.config.env.outboxRelayIntervalMs },
        { name: relayJobName, data: {}, opts: relayJobOptions },
      )
      .catch((error: unknown) => this.logger.error(`Could not schedule the outbox relay: ${String(error)}`));
  }

  async process(): Promise<RelayOutcome> {
    return this.relay.relayDue();
  }
}
