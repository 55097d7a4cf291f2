import { Module } from '@nestjs/common';
import { SweepProcessor, SweepScheduler } from './sweep.processor';
import { SweepModule } from './sweep.module';

/** The worker's side of attention: the scheduled sweep. */
@Module({
  imports: [SweepModule],
  providers: [SweepScheduler, SweepProcessor],
})
export class AttentionWorkerModule {}
