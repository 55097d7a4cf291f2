import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { JobStatus, StageKind } from '../ingestion/canonical/canonical-event.schema';
import type { ApplicationFacts, ApplicationStatus, PersonFacts } from '../policy/types';

/** An application's facts for the rules, and its snooze (which the rules ignore but the planner needs). */
export interface LoadedApplication {
  facts: ApplicationFacts;
  snoozedUntil: Date | null;
}

interface FactsRow {
  id: string;
  status: ApplicationStatus;
  source: string;
  applied_at: Date;
  stage_name: string;
  stage_kind: StageKind;
  stage_entered_at: Date;
  last_outbound_contact_at: Date | null;
  oldest_unanswered_inbound_at: Date | null;
  awaiting_feedback_since: Date | null;
  update_promised_at: Date | null;
  update_promised_by: Date | null;
  competing_offer_deadline: Date | null;
  scheduling_clock_since: Date | null;
  scheduled_interviews_in_stage: number;
  reschedules_in_stage: number;
  snoozed_until: Date | null;
  candidate_id: string;
  c_timezone: string | null;
  c_country: string | null;
  c_source_kind: string | null;
  c_can_email: boolean | null;
  job_id: string;
  j_status: JobStatus | null;
  j_status_changed_at: Date | null;
  recruiter_id: string | null;
  r_name: string | null;
  r_timezone: string | null;
  r_country: string | null;
  hiring_manager_id: string | null;
  m_name: string | null;
  m_timezone: string | null;
  m_country: string | null;
}

/** Loads ApplicationFacts for many applications in one query (the sweep's batches). */
@Injectable()
export class ApplicationFactsRepository {
  async load(
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
              (c.can_email AND c.opted_out_at IS NULL AND c.erased_at IS NULL) AS c_can_email,
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
}

function toFacts(row: FactsRow): ApplicationFacts {
  const person = (
    id: string | null,
    name: string | null,
    timezone: string | null,
    country: string | null,
  ): PersonFacts | null => (id ? { id, name, timezone, country } : null);
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    createdAt: row.applied_at,
    stage: { name: row.stage_name, kind: row.stage_kind, enteredAt: row.stage_entered_at },
    candidate: {
      id: row.candidate_id,
      timezone: row.c_timezone,
      country: row.c_country,
      isAgency: row.c_source_kind === 'agency',
      canEmail: row.c_can_email === true,
    },
    recruiter: person(row.recruiter_id, row.r_name, row.r_timezone, row.r_country),
    hiringManager: person(row.hiring_manager_id, row.m_name, row.m_timezone, row.m_country),
    job: {
      id: row.job_id,
      status: row.j_status ?? 'open',
      statusChangedAt: row.j_status_changed_at ?? row.applied_at,
    },
    lastOutboundContactAt: row.last_outbound_contact_at,
    oldestUnansweredInboundAt: row.oldest_unanswered_inbound_at,
    awaitingFeedbackSince: row.awaiting_feedback_since,
    promise:
      row.update_promised_at && row.update_promised_by
        ? { madeAt: row.update_promised_at, by: row.update_promised_by }
        : null,
    competingOfferDeadline: row.competing_offer_deadline,
    scheduling: {
      clockSince: row.scheduling_clock_since,
      hasScheduledInterview: row.scheduled_interviews_in_stage > 0,
      reschedulesInStage: row.reschedules_in_stage,
    },
  };
}
