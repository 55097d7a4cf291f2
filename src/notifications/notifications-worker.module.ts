import { Module } from '@nestjs/common';
import { MailerModule } from '../infra/mailer/mailer.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { EmailProcessor } from './email.processor';
import { NotificationsModule } from './notifications.module';
import { OutboxRelayProcessor } from './outbox-relay.processor';
import { OutboxRelay } from './outbox-relay.service';

/** The worker's side of notifications: the outbox relay and the email processor. */
@Module({
  imports: [NotificationsModule, MailerModule, PipelineModule],
  providers: [OutboxRelay, OutboxRelayProcessor, EmailProcessor],
  exports: [OutboxRelay, EmailProcessor],
})
export class NotificationsWorkerModule {}
