import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { relayJobName, relayJobOptions, relayNudgeDeduplication } from '../infra/queue/job-options';
import { queueNames } from '../infra/queue/queue.constants';

// A nudge must never hold up the caller: with Redis down the API's producer connection fails fast,
// and this bound covers the rest. The relay's own schedule picks the rows up either way.
const nudgeTimeoutMs = 500;

/** After a commit that wrote notifications: asks the relay to move due rows now. Best effort. */
@Injectable()
export class OutboxRelayNudge {
  private readonly logger = new Logger(OutboxRelayNudge.name);

  constructor(@InjectQueue(queueNames.outbox) private readonly relayQueue: Queue) {}

  async nudge(): Promise<void> {
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

/** For processes with queues (the API and the worker); the CLI and the backtest plan without nudging. */
@Module({ providers: [OutboxRelayNudge], exports: [OutboxRelayNudge] })
export class OutboxRelayNudgeModule {}
