import { Module } from '@nestjs/common';
import { ApplicationFactsRepository } from '../pipeline/application-facts.repository';
import { SweepRepository } from './sweep.repository';
import { SweepService } from './sweep.service';

// The sweep, shared by the API (POST /v1/scans, recruiter actions) and the worker (the scheduled tick).
// Notifications plug in through NOTIFICATION_PLANNER and OUTBOX (sweep.tokens.ts) when they are provided.
@Module({
  providers: [SweepService, SweepRepository, ApplicationFactsRepository],
  exports: [SweepService, SweepRepository],
})
export class SweepModule {}
