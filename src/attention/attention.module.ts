import { Module } from '@nestjs/common';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ApplicationsController } from './applications.controller';
import { FlagsRepository } from './flags.repository';

@Module({
  imports: [PipelineModule],
  controllers: [ApplicationsController],
  providers: [FlagsRepository],
  exports: [FlagsRepository],
})
export class AttentionModule {}
