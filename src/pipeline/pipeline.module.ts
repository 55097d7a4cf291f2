import { Module } from '@nestjs/common';
import { ApplicationsRepository } from './applications.repository';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';

@Module({
  providers: [PipelineRepository, ApplicationsRepository, PipelineService],
  exports: [PipelineService],
})
export class PipelineModule {}
