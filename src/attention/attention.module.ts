import { Module } from '@nestjs/common';
import { OutboxRelayNudgeModule } from '../notifications/outbox-relay-nudge';
import { PipelineModule } from '../pipeline/pipeline.module';
import { ApplicationsController } from './applications.controller';
import { AttentionController } from './attention.controller';
import { AttentionMetrics } from './attention-metrics';
import { AttentionListRepository } from './attention-list.repository';
import { FlagsRepository } from './flags.repository';
import { RecruiterActionsRepository } from './recruiter-actions.repository';
import { RecruiterActionsService } from './recruiter-actions.service';
import { ScansController } from './scans.controller';
import { SweepModule } from './sweep.module';

/** The recruiter's side in the API process: applications, actions, snoozes, the attention list, on-demand scans. */
@Module({
  imports: [PipelineModule, SweepModule, OutboxRelayNudgeModule],
  controllers: [ApplicationsController, AttentionController, ScansController],
  providers: [
    FlagsRepository,
    AttentionListRepository,
    RecruiterActionsRepository,
    RecruiterActionsService,
    AttentionMetrics,
  ],
  exports: [SweepModule],
})
export class AttentionModule {}
