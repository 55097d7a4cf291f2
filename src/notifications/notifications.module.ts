import { Global, Module } from '@nestjs/common';
import { NOTIFICATION_PLANNER, OUTBOX } from '../attention/sweep.tokens';
import { NotificationPlanner } from './notification-planner';
import { NotificationRenderers } from './notification-renderers';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository, RenderingQueries } from './notifications.repository';
import { CandidateOptOutController, UnsubscribeController } from './opt-out.controller';
import { OptOutService } from './opt-out.service';
import { OutboxService } from './outbox.service';
import { UnsubscribeBodyParser } from './unsubscribe-body';
import { UnsubscribeLinks } from './unsubscribe-links';

/**
 * The outbox and what surrounds it, in both processes: the planner the sweep calls (NOTIFICATION_PLANNER),
 * the outbox (OUTBOX, OutboxService), the renderer registry (NotificationRenderers), opt-out and the
 * notifications API. Global, so that the sweep finds its tokens without importing this domain.
 */
@Global()
@Module({
  controllers: [NotificationsController, CandidateOptOutController, UnsubscribeController],
  providers: [
    NotificationsRepository,
    RenderingQueries,
    OutboxService,
    NotificationPlanner,
    NotificationRenderers,
    UnsubscribeLinks,
    OptOutService,
    UnsubscribeBodyParser,
    { provide: NOTIFICATION_PLANNER, useExisting: NotificationPlanner },
    { provide: OUTBOX, useExisting: OutboxService },
  ],
  exports: [
    NotificationsRepository,
    OutboxService,
    NotificationPlanner,
    NotificationRenderers,
    UnsubscribeLinks,
    OptOutService,
    NOTIFICATION_PLANNER,
    OUTBOX,
  ],
})
export class NotificationsModule {}
