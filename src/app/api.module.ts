import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AttentionModule } from '../attention/attention.module';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { DigestsModule } from '../digests/digests.module';
import { DatabaseModule } from '../infra/database/database.module';
import { apiRoutes } from './api-routes';
import { appDataSourceOptions } from './data-source';
import { HealthModule } from '../infra/health/health.module';
import { ApiTokenGuard } from '../infra/http/auth.guard';
import { ProblemDetailsFilter } from '../infra/http/problem-details.filter';
import { RateLimitModule } from '../infra/http/rate-limit';
import { StrictInputInterceptor } from '../infra/http/strict-input.interceptor';
import { LoggingModule } from '../infra/logging/logging.module';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { QueueModule } from '../infra/queue/queue.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StatsModule } from '../pipeline/stats.module';

/** The HTTP process: webhooks in, REST for recruiters, health, metrics, docs. It sends no email. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        // This process's own timers (SchedulerRegistry clears them on shutdown); cluster-wide
        // periodic work runs on BullMQ job schedulers instead.
        ScheduleModule.forRoot(),
        LoggingModule,
        MetricsModule,
        DatabaseModule.forRoot({ options: appDataSourceOptions, waitForDatabase: true }),
        QueueModule.forRoot('producer'),
        RateLimitModule,
        HealthModule,
        IngestionModule,
        AttentionModule,
        NotificationsModule,
        DigestsModule.forApi(),
        StatsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiTokenGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useValue: new StrictInputInterceptor(apiRoutes) },
      ],
    };
  }
}
