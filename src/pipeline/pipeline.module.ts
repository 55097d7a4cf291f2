import { Module } from '@nestjs/common';
import { ApplicationsQueries } from './applications.queries';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';

@Module({
  providers: [PipelineRepository, PipelineService, ApplicationsQueries],
  exports: [PipelineService, ApplicationsQueries],
})
export class PipelineModule {}
