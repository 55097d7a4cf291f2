import { DynamicModule, Module } from '@nestjs/common';
import { SweepModule } from '../attention/sweep.module';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../infra/database/database.module';
import { appDataSourceOptions } from '../app/data-source';
import { LoggingModule } from '../infra/logging/logging.module';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { BacktestRepository } from './backtest.repository';
import { BacktestReplay } from './backtest-replay';

/**
 * What a backtest needs: the database, the pipeline, the sweep and the planner, writing the outbox
 * exactly as in production. No HTTP, no queues, no mail: the simulated delivery (BacktestReplay)
 * picks the notifications up from PostgreSQL at the simulated clock's time.
 */
@Module({})
export class BacktestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: BacktestModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule,
        MetricsModule,
        DatabaseModule.forRoot({ options: appDataSourceOptions }),
        PipelineModule,
        NotificationsModule,
        SweepModule,
      ],
      providers: [BacktestRepository, BacktestReplay],
      exports: [BacktestReplay, BacktestRepository],
    };
  }
}
