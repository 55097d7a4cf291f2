import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { PipelineModule } from '../pipeline/pipeline.module';
import { SweepRepository } from './sweep.repository';
import { SweepService } from './sweep.service';

// The sweep, shared by the API (POST /v1/scans, recruiter actions), the worker (the scheduled tick)
// and the backtest. It reads the pipeline's facts and hands each evaluated application to the
// notification planner in the same transaction.
@Module({
  imports: [PipelineModule, NotificationsModule],
  providers: [SweepService, SweepRepository],
  exports: [SweepService, SweepRepository],
})
export class SweepModule {}
