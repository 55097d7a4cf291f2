import { Module } from '@nestjs/common';
import { PipelineModule } from './pipeline.module';
import { StatsController } from './stats.controller';

/** GET /v1/stats, for operators (the API only). */
@Module({ imports: [PipelineModule], controllers: [StatsController] })
export class StatsModule {}
