import { Module } from '@nestjs/common';
import { PipelineModule } from '../pipeline/pipeline.module';
import { CandidatePrivacyService } from './candidate-privacy.service';
import { NotificationPlanner } from './notification-planner';
import { NotificationRenderers } from './notification-renderers';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository, RenderingQueries } from './notifications.repository';
import { CandidateOptOutController, UnsubscribeController } from './opt-out.controller';
import { OutboxService } from './outbox.service';
import { UnsubscribeBodyParser } from './unsubscribe-body';
import { UnsubscribeLinks } from './unsubscribe-links';

/**
 * The outbox and what surrounds it, needing only PostgreSQL: the planner the sweep calls, the outbox
 * digests write to, the renderer registry, opt-out and erasure, and the notifications API. Delivery
 * (relay, email processor) is NotificationsWorkerModule; nudging the relay is OutboxRelayNudgeModule.
 */
@Module({
  // PipelineModule: opt-out marks the candidate, and a sent update is recorded as contact.
  imports: [PipelineModule],
  controllers: [NotificationsController, CandidateOptOutController, UnsubscribeController],
  providers: [
    NotificationsRepository,
    RenderingQueries,
    OutboxService,
    NotificationPlanner,
    NotificationRenderers,
    UnsubscribeLinks,
    CandidatePrivacyService,
    UnsubscribeBodyParser,
  ],
  exports: [
    NotificationsRepository,
    OutboxService,
    NotificationPlanner,
    NotificationRenderers,
    UnsubscribeLinks,
    CandidatePrivacyService,
  ],
})
export class NotificationsModule {}
