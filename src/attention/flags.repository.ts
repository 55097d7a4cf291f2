import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { orderByClause } from '../infra/database/ordering';
import { iso } from '../infra/database/query-results';
import type { FlagAction, FlagKind, Severity } from '../policy/types';
import { urgencyOrder } from '../policy/urgency';
import type { FlagView, ResolvedFlagView } from './attention-views';

export type { FlagView, ResolvedFlagView };

/** The flags table's columns for the urgency order, as a query that aliases it `f` names them. */
export const flagOrderColumns = {
  severityRank: 'f.severity_rank',
  waitingSince: 'f.waiting_since',
  id: 'f.id',
};
const flagColumns = { severityRank: 'severity_rank', waitingSince: 'waiting_since', id: 'id' };

@Injectable()
export class FlagsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async openFlagsOf(
    applicationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<FlagView[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, application_id, kind, action, severity, raised_at, waiting_since, details FROM flags
       WHERE application_id = $1 AND status = 'open' ORDER BY ${orderByClause(urgencyOrder, flagColumns)}`,
      [applicationId],
    );
    return rows.map(toFlagView);
  }

  /** Open flags counted by kind and severity (the flags_open gauge). */
  async countOpen(): Promise<Array<{ kind: string; severity: string; count: number }>> {
    return this.dataSource.query(
      `SELECT kind, severity, count(*)::int AS count FROM flags WHERE status = 'open' GROUP BY kind, severity`,
    );
  }

  /** Flags by id with how they were resolved (the answer to a recruiter action). */
  async flagsByIds(
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ResolvedFlagView[]> {
    if (ids.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, application_id, kind, action, severity, raised_at, waiting_since, details, status, resolution, resolved_at
       FROM flags WHERE id = ANY($1) ORDER BY ${orderByClause(urgencyOrder, flagColumns)}`,
      [ids],
    );
    return rows.map((row) => ({
      ...toFlagView(row),
      status: row.status as ResolvedFlagView['status'],
      resolution: (row.resolution as string) ?? null,
      resolved_at: iso(row.resolved_at),
    }));
  }
}

export function toFlagView(row: Record<string, unknown>): FlagView {
  return {
    id: String(row.id),
    application_id: String(row.application_id),
    kind: row.kind as FlagKind,
    action: row.action as FlagAction,
    severity: row.severity as Severity,
    raised_at: iso(row.raised_at)!,
    details: { ...(row.details as Record<string, unknown>), waiting_since: iso(row.waiting_since) },
  };
}
