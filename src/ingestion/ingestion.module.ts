import { Module } from '@nestjs/common';
import { PipelineModule } from '../pipeline/pipeline.module';
import { IngestionService } from './ingestion.service';
import { QuarantineReplayService } from './quarantine-replay.service';
import { QuarantineRepository } from './quarantine.repository';
import { WebhooksController } from './webhooks.controller';

@Module({
  imports: [PipelineModule],
  controllers: [WebhooksController],
  providers: [IngestionService, QuarantineRepository, QuarantineReplayService],
  exports: [IngestionService, QuarantineReplayService],
})
export class IngestionModule {}
