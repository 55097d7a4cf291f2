import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { JobStatus, StageKind } from '../canonical/canonical-event.schema';
import { iso } from '../infra/database/query-results';
import type { ApplicationStatus } from '../policy/types';
import { toFacts, type FactsRow, type LoadedApplication } from './application-facts';
import type { ApplicationView, FeedbackPeriodRow, PersonView } from './application-view';

export type { LoadedApplication };

/** Reads applications: their facts for the rules (the sweep's batches), their view for the REST API. */
@Injectable()
export class ApplicationsRepository {
  /** ApplicationFacts for many applications in one query. */
  async loadFacts(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<Map<string, LoadedApplication>> {
    const loaded = new Map<string, LoadedApplication>();
    if (applicationIds.length === 0) return loaded;
    // LEFT JOINs: a missing job or person row must not hide the application from the sweep.
    const rows: FactsRow[] = await manager.query(
      `SELECT a.id, a.status, a.source, a.applied_at, a.stage_name, a.stage_kind, a.stage_entered_at,
              a.last_outbound_contact_at, a.oldest_unanswered_inbound_at, a.awaiting_feedback_since,
              a.update_promised_at, a.update_promised_by, a.competing_offer_deadline, a.scheduling_clock_since,
              a.scheduled_interviews_in_stage, a.reschedules_in_stage, a.snoozed_until,
              a.candidate_id, c.timezone AS c_timezone, c.country AS c_country, c.source_kind AS c_source_kind,
              c.can_email AS c_can_email, c.opted_out_at IS NOT NULL AS c_opted_out,
              c.erased_at IS NOT NULL AS c_erased,
              a.job_id, j.status AS j_status, j.status_changed_at AS j_status_changed_at,
              j.recruiter_id, r.name AS r_name, r.timezone AS r_timezone, r.country AS r_country,
              j.hiring_manager_id, m.name AS m_name, m.timezone AS m_timezone, m.country AS m_country
       FROM applications a
       LEFT JOIN candidates c ON c.id = a.candidate_id
       LEFT JOIN jobs j ON j.id = a.job_id
       LEFT JOIN people r ON r.id = j.recruiter_id
       LEFT JOIN people m ON m.id = j.hiring_manager_id
       WHERE a.id = ANY($1)`,
      [applicationIds],
    );
    for (const row of rows) loaded.set(row.id, { facts: toFacts(row), snoozedUntil: row.snoozed_until });
    return loaded;
  }

  /** One application as the REST API shows it; null when unknown. */
  async findView(manager: EntityManager, id: string): Promise<ApplicationView | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT a.*, c.name AS c_name, c.email AS c_email, c.timezone AS c_timezone, c.country AS c_country, c.source_kind AS c_source_kind,
              c.agency_name AS c_agency_name, c.can_email AS c_can_email, c.opted_out_at AS c_opted_out_at,
              j.title AS j_title, j.status AS j_status,
              r.id AS r_id, r.name AS r_name, r.email AS r_email, r.timezone AS r_timezone, r.country AS r_country,
              m.id AS m_id, m.name AS m_name, m.email AS m_email, m.timezone AS m_timezone, m.country AS m_country
       FROM applications a
       JOIN candidates c ON c.id = a.candidate_id
       JOIN jobs j ON j.id = a.job_id
       LEFT JOIN people r ON r.id = j.recruiter_id
       LEFT JOIN people m ON m.id = j.hiring_manager_id
       WHERE a.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const person = (prefix: string): PersonView | null =>
      row[`${prefix}_id`]
        ? {
            id: String(row[`${prefix}_id`]),
            name: (row[`${prefix}_name`] as string) ?? null,
            email: (row[`${prefix}_email`] as string) ?? null,
            timezone: (row[`${prefix}_timezone`] as string) ?? null,
            country: (row[`${prefix}_country`] as string) ?? null,
          }
        : null;
    return {
      id: String(row.id),
      status: row.status as ApplicationStatus,
      source: String(row.source),
      stage: {
        name: String(row.stage_name),
        kind: row.stage_kind as StageKind,
        entered_at: iso(row.stage_entered_at)!,
      },
      candidate: {
        id: String(row.candidate_id),
        name: (row.c_name as string) ?? null,
        email: (row.c_email as string) ?? null,
        timezone: (row.c_timezone as string) ?? null,
        country: (row.c_country as string) ?? null,
        source_kind: (row.c_source_kind as string) ?? null,
        agency_name: (row.c_agency_name as string) ?? null,
        can_email: Boolean(row.c_can_email),
        opted_out: row.c_opted_out_at !== null,
      },
      job: {
        id: String(row.job_id),
        title: String(row.j_title),
        status: row.j_status as JobStatus,
        recruiter: person('r'),
        hiring_manager: person('m'),
      },
      url: (row.url as string) ?? null,
      applied_at: iso(row.applied_at)!,
      closed_at: iso(row.closed_at),
      last_outbound_contact_at: iso(row.last_outbound_contact_at),
      last_inbound_contact_at: iso(row.last_inbound_contact_at),
      awaiting_reply_since: iso(row.oldest_unanswered_inbound_at),
      awaiting_feedback_since: iso(row.awaiting_feedback_since),
      update_promised_by: iso(row.update_promised_by),
      competing_offer_deadline: iso(row.competing_offer_deadline),
      snoozed_until: iso(row.snoozed_until),
      next_evaluation_at: iso(row.next_evaluation_at),
    };
  }

  /** Every awaiting-feedback period with its hiring manager's calendar (time to feedback per manager). */
  async feedbackPeriods(manager: EntityManager): Promise<FeedbackPeriodRow[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT fp.hiring_manager_id, p.name, p.timezone, p.country, fp.started_at, fp.ended_at, fp.ended_by
         FROM feedback_periods fp LEFT JOIN people p ON p.id = fp.hiring_manager_id
        WHERE fp.hiring_manager_id IS NOT NULL
        ORDER BY fp.hiring_manager_id, fp.started_at, fp.application_id`,
    );
    return rows.map((row) => ({
      managerId: String(row.hiring_manager_id),
      managerName: (row.name as string | null) ?? null,
      timezone: (row.timezone as string | null) ?? null,
      country: (row.country as string | null) ?? null,
      startedAt: row.started_at as Date,
      endedAt: (row.ended_at as Date | null) ?? null,
      endedBy: (row.ended_by as string | null) ?? null,
    }));
  }
}
