import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AttentionWorkerModule } from '../attention/attention-worker.module';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { DigestsModule } from '../digests/digests.module';
import { DatabaseModule } from '../infra/database/database.module';
import { appDataSourceOptions } from './data-source';
import { LoggingModule } from '../infra/logging/logging.module';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { QueueModule } from '../infra/queue/queue.module';
import { NotificationsWorkerModule } from '../notifications/notifications-worker.module';

/** The worker process: BullMQ processors, outbox relay, scheduled sweeps and digests. No HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        // This process's own timers (SchedulerRegistry clears them on shutdown); cluster-wide
        // periodic work runs on BullMQ job schedulers instead.
        ScheduleModule.forRoot(),
        LoggingModule,
        MetricsModule,
        DatabaseModule.forRoot({ options: appDataSourceOptions }),
        QueueModule.forRoot('worker'),
        AttentionWorkerModule,
        NotificationsWorkerModule,
        DigestsModule.forWorker(),
      ],
    };
  }
}
