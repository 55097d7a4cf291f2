import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AnsweredCause, FlagAction, FlagKind, Severity } from '../policy/types';
import type { StoredFlag } from './flag-reconciliation';

export interface NewFlagRow {
  id: string;
  applicationId: string;
  kind: FlagKind;
  action: FlagAction;
  severity: Severity;
  severityRank: number;
  cause: string;
  waitingSince: Date;
  details: Record<string, unknown>;
}

export interface FlagUpdateRow {
  id: string;
  severity: Severity;
  severityRank: number;
  details: Record<string, unknown>;
}

export interface FlagEventRow {
  flagId: string;
  applicationId: string;
  event: 'opened' | 'escalated' | 'updated' | 'resolved';
  severity: Severity | null;
  reason: string | null;
}

export interface ResolvedFlagRow {
  id: string;
  applicationId: string;
  kind: FlagKind;
  resolution: string;
}

/** The flags' side of evaluation, set-based: a batch costs a handful of statements, whatever its size. */
@Injectable()
export class SweepRepository {
  /**
   * Claims up to `limit` due applications for this transaction. SKIP LOCKED: concurrent sweeps (and
   * replicas) take disjoint batches; a row a sweep already re-scheduled no longer matches when re-checked.
   */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM applications
       WHERE next_evaluation_at <= $1
       ORDER BY next_evaluation_at
       LIMIT $2
       FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }

  /** Open flags and the causes recruiters already answered, for many applications in one query. */
  async flagState(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<{ open: Map<string, StoredFlag[]>; answered: Map<string, AnsweredCause[]> }> {
    const open = new Map<string, StoredFlag[]>();
    const answered = new Map<string, AnsweredCause[]>();
    if (applicationIds.length === 0) return { open, answered };
    const rows: Array<{
      id: string;
      application_id: string;
      kind: FlagKind;
      severity: Severity;
      cause: string;
      status: string;
      raised_at: Date;
      waiting_since: Date;
      details: Record<string, unknown>;
    }> = await manager.query(
      `SELECT id, application_id, kind, severity, cause, status, raised_at, waiting_since, details
       FROM flags
       WHERE application_id = ANY($1) AND (status = 'open' OR resolution LIKE 'answered:%')`,
      [applicationIds],
    );
    for (const row of rows) {
      if (row.status === 'open') {
        const list = open.get(row.application_id) ?? [];
        list.push({
          id: row.id,
          applicationId: row.application_id,
          kind: row.kind,
          severity: row.severity,
          cause: row.cause,
          raisedAt: row.raised_at,
          waitingSince: row.waiting_since,
          details: row.details,
        });
        open.set(row.application_id, list);
      } else {
        const list = answered.get(row.application_id) ?? [];
        list.push({ kind: row.kind, cause: row.cause });
        answered.set(row.application_id, list);
      }
    }
    return { open, answered };
  }

  /**
   * Resolves open flags (already resolved ones are left alone) and writes their 'resolved' history
   * in the same statement; returns those it resolved.
   */
  async resolveFlags(
    manager: EntityManager,
    resolutions: ReadonlyArray<{ id: string; resolution: string }>,
    at: Date,
  ): Promise<ResolvedFlagRow[]> {
    if (resolutions.length === 0) return [];
    const rows: Array<{ id: string; application_id: string; kind: FlagKind; resolution: string }> =
      await manager.query(
        `WITH resolved AS (
           UPDATE flags f SET status = 'resolved', resolved_at = $2, resolution = r.resolution
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, resolution text)
           WHERE f.id = r.id AND f.status = 'open'
           RETURNING f.id, f.application_id, f.kind, f.resolution
         ), logged AS (
           INSERT INTO flag_events (flag_id, application_id, event, severity, reason, at)
           SELECT id, application_id, 'resolved', NULL, resolution, $2 FROM resolved
         )
         SELECT id, application_id, kind, resolution FROM resolved`,
        [JSON.stringify(resolutions), at],
      );
    return rows.map((row) => ({
      id: row.id,
      applicationId: row.application_id,
      kind: row.kind,
      resolution: row.resolution,
    }));
  }

  /**
   * Opens flags and writes their 'opened' history in one statement. The partial unique index (one
   * open flag per application and kind) is the real guard against doubles: a conflicting row is
   * skipped. Returns the ids actually inserted.
   */
  async insertFlags(manager: EntityManager, flags: readonly NewFlagRow[], at: Date): Promise<Set<string>> {
    if (flags.length === 0) return new Set();
    const rows: Array<{ id: string }> = await manager.query(
      `WITH inserted AS (
         INSERT INTO flags (id, application_id, kind, action, severity, severity_rank, cause, status, raised_at, waiting_since, details)
         SELECT f.id, f.application_id, f.kind, f.action, f.severity, f.severity_rank, f.cause, 'open', $2, f.waiting_since, f.details
         FROM jsonb_to_recordset($1::jsonb) AS f(id uuid, application_id text, kind text, action text, severity text,
           severity_rank smallint, cause text, waiting_since timestamptz, details jsonb)
         ON CONFLICT (application_id, kind) WHERE status = 'open' DO NOTHING
         RETURNING id, application_id, severity
       ), logged AS (
         INSERT INTO flag_events (flag_id, application_id, event, severity, reason, at)
         SELECT id, application_id, 'opened', severity, NULL, $2 FROM inserted
       )
       SELECT id FROM inserted`,
      [
        JSON.stringify(
          flags.map((flag) => ({
            id: flag.id,
            application_id: flag.applicationId,
            kind: flag.kind,
            action: flag.action,
            severity: flag.severity,
            severity_rank: flag.severityRank,
            cause: flag.cause,
            waiting_since: flag.waitingSince,
            details: flag.details,
          })),
        ),
        at,
      ],
    );
    return new Set(rows.map((row) => row.id));
  }

  async updateFlags(manager: EntityManager, updates: readonly FlagUpdateRow[]): Promise<void> {
    if (updates.length === 0) return;
    await manager.query(
      `UPDATE flags f SET severity = u.severity, severity_rank = u.severity_rank, details = u.details
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, severity text, severity_rank smallint, details jsonb)
       WHERE f.id = u.id AND f.status = 'open'`,
      [
        JSON.stringify(
          updates.map((update) => ({
            id: update.id,
            severity: update.severity,
            severity_rank: update.severityRank,
            details: update.details,
          })),
        ),
      ],
    );
  }

  async insertFlagEvents(manager: EntityManager, events: readonly FlagEventRow[], at: Date): Promise<void> {
    if (events.length === 0) return;
    await manager.query(
      `INSERT INTO flag_events (flag_id, application_id, event, severity, reason, at)
       SELECT e.flag_id, e.application_id, e.event, e.severity, e.reason, $2
       FROM jsonb_to_recordset($1::jsonb) AS e(flag_id uuid, application_id text, event text, severity text, reason text)`,
      [
        JSON.stringify(
          events.map((event) => ({
            flag_id: event.flagId,
            application_id: event.applicationId,
            event: event.event,
            severity: event.severity,
            reason: event.reason,
          })),
        ),
        at,
      ],
    );
  }
}
