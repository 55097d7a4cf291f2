import type { DataSource } from 'typeorm';

// What the demo reads back from its database to report on the run.

export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  recruiters(): Promise<Array<{ id: string; name: string; timezone: string | null }>> {
    return this.dataSource.query(
      `SELECT DISTINCT p.id, p.name, p.timezone FROM jobs j JOIN people p ON p.id = j.recruiter_id ORDER BY p.id`,
    );
  }

  flagCounts(): Promise<Array<{ kind: string; open: number; opened: number }>> {
    return this.dataSource.query(
      `SELECT kind, count(*) FILTER (WHERE resolved_at IS NULL)::int AS open, count(*)::int AS opened
         FROM flags GROUP BY kind`,
    );
  }

  sentCounts(): Promise<Array<{ kind: string; recipient: string; count: number }>> {
    return this.dataSource.query(
      `SELECT kind, recipient_role AS recipient, count(*)::int AS count FROM notifications
        WHERE status = 'sent' GROUP BY kind, recipient_role ORDER BY kind, recipient_role`,
    );
  }

  /** Notifications still on their way: queued, or pending and due. */
  async undelivered(): Promise<{ queued: number; due: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued,
              count(*) FILTER (WHERE status = 'pending' AND scheduled_for <= now())::int AS due
         FROM notifications`,
    )) as Array<{ queued: number; due: number }>;
    return row;
  }
}
