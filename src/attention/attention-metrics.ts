import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricsService } from '../infra/metrics/metrics.service';

/** flags_open by kind and severity, read from the database at every scrape. */
@Injectable()
export class AttentionMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.metrics.addCollector(async () => {
      const rows: Array<{ kind: string; severity: string; count: number }> = await this.dataSource.query(
        `SELECT kind, severity, count(*)::int AS count FROM flags WHERE status = 'open' GROUP BY kind, severity`,
      );
      this.metrics.flagsOpen.reset();
      for (const row of rows)
        this.metrics.flagsOpen.set({ kind: row.kind, severity: row.severity }, row.count);
    });
  }
}
