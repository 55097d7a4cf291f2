import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AppConfigModule } from '../config/config.module';
import { DatabaseModule } from '../infra/database/database.module';
import { appDataSourceOptions } from '../app/data-source';
import { StderrLoggingModule } from '../infra/logging/logging.module';
import { MetricsModule } from '../infra/metrics/metrics.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { PipelineModule } from '../pipeline/pipeline.module';

/** What the operator commands need: the database and the pipeline, no HTTP, no queues. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        // Logs go to standard error: export-events writes its NDJSON to standard output.
        StderrLoggingModule,
        MetricsModule,
        DatabaseModule.forRoot({ options: appDataSourceOptions }),
        PipelineModule,
        IngestionModule,
      ],
    };
  }
}
