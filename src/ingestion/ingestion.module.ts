import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PeopleModule } from '../pipeline/people.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { IngestionService } from './ingestion.service';
import { QuarantineReplayService } from './quarantine-replay.service';
import { QuarantineRepository } from './quarantine.repository';
import { ReplayTokensRepository } from './replay-tokens.repository';
import { VendorReaders } from './vendor-readers';
import { WebhooksController } from './webhooks.controller';

@Module({
  // PeopleModule: the directory that resolves vendor user ids (and serves PUT /v1/people/{id}).
  // NotificationsModule: an erasure also clears the outbox (CandidatePrivacyService).
  imports: [PipelineModule, PeopleModule, NotificationsModule],
  controllers: [WebhooksController],
  providers: [
    IngestionService,
    QuarantineRepository,
    QuarantineReplayService,
    ReplayTokensRepository,
    VendorReaders,
  ],
  exports: [IngestionService, QuarantineReplayService],
})
export class IngestionModule {}
