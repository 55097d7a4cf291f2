import { DynamicModule, Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NOTIFICATION_PLANNER, OUTBOX } from '../attention/sweep.tokens';
import { SweepModule } from '../attention/sweep.module';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../infra/database/database.module';
import { LoggingModule } from '../infra/logging/logging.module';
import { MetricsModule } from '../infra/metrics/metrics.module';
import type { EnqueueResult, NotificationDraft, Outbox } from '../notifications/notification-contracts';
import { NotificationPlanner } from '../notifications/notification-planner';
import { NotificationsRepository } from '../notifications/notifications.repository';
import { OutboxService } from '../notifications/outbox.service';
import { PipelineModule } from '../pipeline/pipeline.module';
import { BacktestRepository } from './backtest.repository';
import { BacktestReplay } from './backtest-replay';

/**
 * The outbox without a queue: the planner writes its rows exactly as in production, and the
 * simulated delivery (BacktestReplay) picks them up from PostgreSQL. No Redis connection is opened.
 */
@Injectable()
export class SimulatedOutbox implements Outbox {
  constructor(private readonly repository: NotificationsRepository) {}

  enqueue(manager: EntityManager, draft: NotificationDraft): Promise<EnqueueResult> {
    return this.repository.insert(manager, draft);
  }

  async nudgeRelay(): Promise<void> {
    // Delivery is driven by the simulated clock, not by a relay.
  }
}

/** The real planner behind the sweep's seam, with the simulated outbox in place of the BullMQ one. */
@Global()
@Module({
  providers: [
    NotificationsRepository,
    NotificationPlanner,
    SimulatedOutbox,
    { provide: OutboxService, useExisting: SimulatedOutbox },
    { provide: NOTIFICATION_PLANNER, useExisting: NotificationPlanner },
    { provide: OUTBOX, useExisting: SimulatedOutbox },
  ],
  exports: [NotificationsRepository, NOTIFICATION_PLANNER, OUTBOX],
})
class SimulatedNotificationsModule {}

/** What a backtest needs: the database, the pipeline, the sweep and the planner. No HTTP, no queues, no mail. */
@Module({})
export class BacktestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BacktestModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        PipelineModule,
        SimulatedNotificationsModule,
        SweepModule,
      ],
      providers: [BacktestRepository, BacktestReplay],
      exports: [BacktestReplay, BacktestRepository],
    };
  }
}
