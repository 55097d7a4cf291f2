import { Injectable, OnModuleInit } from '@nestjs/common';
import { MetricsService } from '../infra/metrics/metrics.service';
import { FlagsRepository } from './flags.repository';

/** flags_open by kind and severity, read from the database at every scrape. */
@Injectable()
export class AttentionMetrics implements OnModuleInit {
  constructor(
    private readonly flags: FlagsRepository,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.addCollector(async () => {
      const rows = await this.flags.countOpen();
      this.metrics.flagsOpen.reset();
      for (const row of rows)
        this.metrics.flagsOpen.set({ kind: row.kind, severity: row.severity }, row.count);
    });
  }
}
