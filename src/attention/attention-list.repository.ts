import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { iso } from '../infra/database/query-results';
import type { FlagKind } from '../policy/types';
import { urgencyOrder } from '../policy/urgency';
import { keysetAfter, orderByClause } from '../infra/database/ordering';
import type { StageKind } from '../canonical/canonical-event.schema';
import type { AttentionItem } from './attention-views';
import { flagOrderColumns, toFlagView } from './flags.repository';

const cursorPositions = { severityRank: '$4::smallint', waitingSince: '$5::timestamptz', id: '$6::uuid' };

/** Where the previous page ended, in the list's order: severity (desc), waiting since, id. */
export interface AttentionCursor {
  severityRank: number;
  waitingSince: string;
  id: string;
}

export interface AttentionFilter {
  recruiterId?: string;
  kind?: FlagKind;
  limit: number;
  after?: AttentionCursor;
}

export type { AttentionItem };

export interface AttentionPage {
  items: AttentionItem[];
  next: AttentionCursor | null;
}

/** The recruiter's attention list: open flags of active, unsnoozed applications, most urgent first. */
@Injectable()
export class AttentionListRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: AttentionFilter, now: Date = new Date()): Promise<AttentionPage> {
    const after = filter.after;
    // Keyset pagination in the urgency order (severity desc, waiting since, id): no item repeats or
    // goes missing across pages, however long the list.
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT f.id, f.application_id, f.kind, f.action, f.severity, f.severity_rank, f.raised_at, f.waiting_since, f.details,
              a.status AS a_status, a.stage_name, a.stage_kind, a.url, a.snoozed_until,
              a.candidate_id, c.name AS c_name, a.job_id, j.title AS j_title,
              j.recruiter_id, r.name AS r_name, j.hiring_manager_id, m.name AS m_name, (m.email IS NOT NULL) AS m_email_known
       FROM flags f
       JOIN applications a ON a.id = f.application_id
       LEFT JOIN candidates c ON c.id = a.candidate_id
       LEFT JOIN jobs j ON j.id = a.job_id
       LEFT JOIN people r ON r.id = j.recruiter_id
       LEFT JOIN people m ON m.id = j.hiring_manager_id
       WHERE f.status = 'open' AND a.status = 'active'
         AND (a.snoozed_until IS NULL OR a.snoozed_until <= $1)
         AND ($2::text IS NULL OR j.recruiter_id = $2)
         AND ($3::text IS NULL OR f.kind = $3)
         AND ($4::smallint IS NULL OR ${keysetAfter(urgencyOrder, flagOrderColumns, cursorPositions)})
       ORDER BY ${orderByClause(urgencyOrder, flagOrderColumns)}
       LIMIT $7`,
      [
        now,
        filter.recruiterId ?? null,
        filter.kind ?? null,
        after?.severityRank ?? null,
        after?.waitingSince ?? null,
        after?.id ?? null,
        filter.limit + 1,
      ],
    );
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toItem),
      next:
        rows.length > filter.limit && last
          ? {
              severityRank: Number(last.severity_rank),
              waitingSince: iso(last.waiting_since)!,
              id: String(last.id),
            }
          : null,
    };
  }
}

function toItem(row: Record<string, unknown>): AttentionItem {
  const text = (value: unknown): string | null =>
    value === null || value === undefined ? null : String(value);
  return {
    flag: toFlagView(row),
    application: {
      id: String(row.application_id),
      status: 'active',
      stage: { name: String(row.stage_name), kind: row.stage_kind as StageKind },
      url: text(row.url),
      snoozed_until: iso(row.snoozed_until),
    },
    candidate: { id: String(row.candidate_id), name: text(row.c_name) },
    job: {
      id: String(row.job_id),
      title: text(row.j_title),
      recruiter: row.recruiter_id ? { id: String(row.recruiter_id), name: text(row.r_name) } : null,
      hiring_manager: row.hiring_manager_id
        ? {
            id: String(row.hiring_manager_id),
            name: text(row.m_name),
            email_known: row.m_email_known === true,
          }
        : null,
    },
  };
}

/** Opaque to clients: base64url of the position. */
export function encodeCursor(cursor: AttentionCursor): string {
  return Buffer.from(JSON.stringify([cursor.severityRank, cursor.waitingSince, cursor.id])).toString(
    'base64url',
  );
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Null when the cursor is not one this API handed out. */
export function decodeCursor(encoded: string): AttentionCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3) return null;
    const [severityRank, waitingSince, id] = value as unknown[];
    if (
      typeof severityRank !== 'number' ||
      !Number.isInteger(severityRank) ||
      severityRank < 0 ||
      severityRank > 3
    )
      return null;
    if (typeof waitingSince !== 'string' || Number.isNaN(Date.parse(waitingSince))) return null;
    if (typeof id !== 'string' || !uuidPattern.test(id)) return null;
    return { severityRank, waitingSince, id };
  } catch {
    return null;
  }
}
