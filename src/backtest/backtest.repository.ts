import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PipelineEvent } from '../pipeline/application-projection';

// What the backtest reads from its scratch database to drive the clock and to write its report.
// Read-only: every change goes through the real pipeline, sweep, planner and delivery code.

export interface FlagRow {
  applicationId: string;
  kind: string;
  raisedAt: Date;
  waitingSince: Date;
  appliedAt: Date;
}

export interface ApplicationTimeline {
  id: string;
  recruiterTimezone: string | null;
  recruiterCountry: string | null;
  events: PipelineEvent[];
}

@Injectable()
export class BacktestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The next instant anything is due: an application's evaluation or a pending notification. */
  async nextDueInstant(): Promise<Date | null> {
    const rows: Array<{ due: Date | null }> = await this.dataSource.query(
      `SELECT LEAST(
         (SELECT min(next_evaluation_at) FROM applications),
         (SELECT min(scheduled_for) FROM notifications WHERE status = 'pending')) AS due`,
    );
    return rows[0]?.due ?? null;
  }

  async flags(): Promise<FlagRow[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT f.application_id, f.kind, f.raised_at, f.waiting_since, a.applied_at
         FROM flags f JOIN applications a ON a.id = f.application_id
        ORDER BY f.application_id, f.kind, f.raised_at`,
    );
    return rows.map((row) => ({
      applicationId: String(row.application_id),
      kind: String(row.kind),
      raisedAt: row.raised_at as Date,
      waitingSince: row.waiting_since as Date,
      appliedAt: row.applied_at as Date,
    }));
  }

  /** Every application with its events in (occurred_at, received order) and its recruiter's calendar. */
  async timelines(): Promise<ApplicationTimeline[]> {
    const applications: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT a.id, r.timezone, r.country
         FROM applications a JOIN jobs j ON j.id = a.job_id LEFT JOIN people r ON r.id = j.recruiter_id
        ORDER BY a.id`,
    );
    const events: Array<{ application_id: string; payload: PipelineEvent }> = await this.dataSource.query(
      `SELECT application_id, payload FROM event_log WHERE application_id IS NOT NULL
        ORDER BY application_id, occurred_at, sequence`,
    );
    const byApplication = new Map<string, PipelineEvent[]>();
    for (const row of events) {
      const list = byApplication.get(row.application_id) ?? [];
      list.push(row.payload);
      byApplication.set(row.application_id, list);
    }
    return applications.map((row) => ({
      id: String(row.id),
      recruiterTimezone: (row.timezone as string | null) ?? null,
      recruiterCountry: (row.country as string | null) ?? null,
      events: byApplication.get(String(row.id)) ?? [],
    }));
  }
}
