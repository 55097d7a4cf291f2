import { DynamicModule, Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxRelayNudgeModule } from '../notifications/outbox-relay-nudge';
import { DigestProcessor, DigestScheduler } from './digest.processor';
import { DigestRenderer } from './digest.renderer';
import { DigestsController } from './digests.controller';
import { DigestsRepository } from './digests.repository';
import { DigestsService } from './digests.service';

// Digests read attention's flags and write to notifications' outbox. The API composes, previews
// and queues on request; the worker also ticks the schedule and renders the email.

const core = {
  imports: [NotificationsModule, OutboxRelayNudgeModule],
  providers: [DigestsRepository, DigestsService],
  exports: [DigestsService],
};

@Module({})
export class DigestsModule {
  static forApi(): DynamicModule {
    return { module: DigestsModule, ...core, controllers: [DigestsController] };
  }

  static forWorker(): DynamicModule {
    return {
      module: DigestsModule,
      ...core,
      providers: [...core.providers, DigestScheduler, DigestProcessor, DigestRenderer],
    };
  }
}
