import { Module } from '@nestjs/common';
import { ApplicationsRepository } from './applications.repository';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';
import { UnknownStageNamesRepository } from './unknown-stage-names.repository';
import { UnknownStageNames } from './unknown-stage-names.service';

@Module({
  providers: [
    PipelineRepository,
    ApplicationsRepository,
    PipelineService,
    UnknownStageNames,
    UnknownStageNamesRepository,
  ],
  exports: [PipelineService, UnknownStageNames],
})
export class PipelineModule {}
