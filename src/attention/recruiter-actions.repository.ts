import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { FlagKind, RecruiterActionKind } from '../policy/types';

export interface RecordedAction {
  id: string;
  applicationId: string;
  kind: RecruiterActionKind;
  note: string | null;
  at: Date;
}

/** Recruiter actions. Every method runs inside the caller's transaction. */
@Injectable()
export class RecruiterActionsRepository {
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
}
