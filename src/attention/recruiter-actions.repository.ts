import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FlagKind, RecruiterActionKind } from '../policy/types';
import { updatedRows } from '../infra/database/query-results';
import { applicationFoldLock } from '../pipeline/pipeline.repository';

export interface RecordedAction {
  id: string;
  applicationId: string;
  kind: RecruiterActionKind;
  note: string | null;
  at: Date;
}

/** Recruiter actions and snoozes. Every method runs inside the caller's transaction. */
@Injectable()
export class RecruiterActionsRepository {
  /**
   * Locks the application for a recruiter action; false when it is unknown. The advisory lock comes
   * first (applicationFoldLock, the key ingestion uses): a fold takes it before the row, so taking them
   * in the same order here cannot deadlock with ingestion.
   */
  async lockApplication(manager: EntityManager, applicationId: string): Promise<boolean> {
    await manager.query(`SELECT ${applicationFoldLock('$1')}`, [applicationId]);
    const rows: unknown[] = await manager.query(`SELECT 1 FROM applications WHERE id = $1 FOR UPDATE`, [
      applicationId,
    ]);
    return rows.length > 0;
  }

  async insertAction(
    manager: EntityManager,
    action: { applicationId: string; kind: RecruiterActionKind; note: string | null; at: Date },
  ): Promise<RecordedAction> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO recruiter_actions (application_id, kind, note, at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [action.applicationId, action.kind, action.note, action.at],
    );
    return { id: rows[0].id, ...action };
  }

  /** Open flags of these kinds: the ones an action answers. */
  async openFlagIdsOfKinds(
    manager: EntityManager,
    applicationId: string,
    kinds: readonly FlagKind[],
  ): Promise<string[]> {
    if (kinds.length === 0) return [];
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM flags WHERE application_id = $1 AND status = 'open' AND kind = ANY($2)`,
      [applicationId, kinds],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Snoozes an application; the sweep looks at it again when the snooze ends so that automatic
   * sends resume then. Null when the application is unknown.
   */
  async snooze(
    manager: EntityManager,
    applicationId: string,
    until: Date,
    reason: string | null,
  ): Promise<{ snoozedUntil: Date; reason: string | null } | null> {
    const rows = updatedRows<{ snoozed_until: Date; snooze_reason: string | null }>(
      await manager.query(
        `UPDATE applications SET snoozed_until = $2, snooze_reason = $3,
         next_evaluation_at = CASE WHEN status = 'active' AND (next_evaluation_at IS NULL OR next_evaluation_at > $2)
                                   THEN $2 ELSE next_evaluation_at END,
         updated_at = now()
       WHERE id = $1
       RETURNING snoozed_until, snooze_reason`,
        [applicationId, until, reason],
      ),
    );
    const updated = rows[0];
    return updated ? { snoozedUntil: updated.snoozed_until, reason: updated.snooze_reason } : null;
  }
}
