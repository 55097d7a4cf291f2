import { Module } from '@nestjs/common';
import { OutboxRelayNudgeModule } from '../notifications/outbox-relay-nudge';
import { SweepProcessor, SweepScheduler } from './sweep.processor';
import { SweepModule } from './sweep.module';

/** The worker's side of attention: the scheduled sweep. */
@Module({
  imports: [SweepModule, OutboxRelayNudgeModule],
  providers: [SweepScheduler, SweepProcessor],
})
export class AttentionWorkerModule {}
