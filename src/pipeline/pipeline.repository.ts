import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type {
  Candidate as CandidateSnapshot,
  Job as JobSnapshot,
  Person as PersonSnapshot,
} from '../ingestion/canonical/canonical-event.schema';
import { isPlaceholderName } from '../ingestion/vendors/vendor-adapter';
import type { PipelineEvent, ApplicationProjection } from './application-projection';

export interface StoredEvent {
  sequence: string;
  source: string;
  event: PipelineEvent;
}

/** The only place the pipeline speaks SQL. Every method runs inside the caller's transaction. */
@Injectable()
export class PipelineRepository {
  /** Appends to the log; false when (source, event id) is already there (a redelivery). */
  async appendEvent(
    manager: EntityManager,
    entry: {
      source: string;
      event: PipelineEvent;
      applicationId: string | null;
      candidateId: string | null;
      jobId: string | null;
      vendorPayload?: unknown;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO event_log (source, event_id, type, occurred_at, application_id, candidate_id, job_id, payload, vendor_payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (source, event_id) DO NOTHING
       RETURNING sequence`,
      [
        entry.source,
        entry.event.id,
        entry.event.type,
        entry.event.occurred_at,
        entry.applicationId,
        entry.candidateId,
        entry.jobId,
        JSON.stringify(entry.event),
        entry.vendorPayload === undefined ? null : JSON.stringify(entry.vendorPayload),
      ],
    );
    return rows.length > 0;
  }

  /** Serialises folds of one application across transactions and replicas until commit. */
  async lockApplication(manager: EntityManager, applicationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('application:' || $1, 0))`, [
      applicationId,
    ]);
  }

  async eventsOfApplication(manager: EntityManager, applicationId: string): Promise<StoredEvent[]> {
    const rows: Array<{ sequence: string; source: string; payload: PipelineEvent }> = await manager.query(
      `SELECT sequence, source, payload FROM event_log WHERE application_id = $1 ORDER BY occurred_at, sequence`,
      [applicationId],
    );
    return rows.map((row) => ({ sequence: row.sequence, source: row.source, event: row.payload }));
  }

  async isCandidateErased(manager: EntityManager, candidateId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM candidates WHERE id = $1 AND erased_at IS NOT NULL`,
      [candidateId],
    );
    return rows.length > 0;
  }

  /**
   * Upserts a person snapshot unless a newer one (or the directory) already speaks for them. A
   * placeholder name (a vendor user id standing in for a name, isPlaceholderName) never replaces a real one.
   */
  async upsertPerson(manager: EntityManager, person: PersonSnapshot, asOf: Date): Promise<void> {
    await manager.query(
      `INSERT INTO people (id, name, email, timezone, country, as_of)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET
         name = CASE WHEN $7 AND people.name IS NOT NULL THEN people.name ELSE EXCLUDED.name END,
         email = COALESCE(EXCLUDED.email, people.email),
         timezone = COALESCE(EXCLUDED.timezone, people.timezone),
         country = COALESCE(EXCLUDED.country, people.country),
         as_of = EXCLUDED.as_of,
         updated_at = now()
       WHERE people.as_of <= EXCLUDED.as_of AND NOT people.from_directory`,
      [
        person.id,
        person.name,
        person.email ?? null,
        person.timezone ?? null,
        person.country ?? null,
        asOf,
        isPlaceholderName(person.name),
      ],
    );
  }

  /**
   * Upserts a job snapshot; an older snapshot (a job inside an older event) never overrides newer state,
   * and a thin vendor payload's placeholders (a title that is only an id, nobody assigned) keep what is known.
   */
  async upsertJob(manager: EntityManager, job: JobSnapshot, asOf: Date): Promise<{ statusChanged: boolean }> {
    const rows: Array<{ status_changed: boolean }> = await manager.query(
      `WITH previous AS (SELECT status FROM jobs WHERE id = $1)
       INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
       VALUES ($1, $2, COALESCE($3, 'open'), $6, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET
         title = CASE WHEN $7 THEN jobs.title ELSE EXCLUDED.title END,
         status = COALESCE($3, jobs.status),
         status_changed_at = CASE WHEN $3 IS NOT NULL AND $3 <> jobs.status THEN EXCLUDED.as_of ELSE jobs.status_changed_at END,
         recruiter_id = CASE WHEN $8 AND jobs.recruiter_id IS NOT NULL THEN jobs.recruiter_id ELSE EXCLUDED.recruiter_id END,
         hiring_manager_id = CASE WHEN $9 AND jobs.hiring_manager_id IS NOT NULL THEN jobs.hiring_manager_id ELSE EXCLUDED.hiring_manager_id END,
         as_of = EXCLUDED.as_of,
         updated_at = now()
       WHERE jobs.as_of <= EXCLUDED.as_of
       RETURNING (SELECT status FROM previous) IS DISTINCT FROM jobs.status AS status_changed`,
      [
        job.id,
        job.title,
        job.status ?? null,
        job.recruiter.id,
        job.hiring_manager.id,
        asOf,
        isPlaceholderName(job.title),
        isUnassigned(job.recruiter.id),
        isUnassigned(job.hiring_manager.id),
      ],
    );
    return { statusChanged: rows[0]?.status_changed ?? false };
  }

  /**
   * Upserts a candidate snapshot unless a newer one is there. A snapshot from a thin vendor payload
   * (placeholder name, isPlaceholderName) keeps the name and email already known.
   */
  async upsertCandidate(manager: EntityManager, candidate: CandidateSnapshot, asOf: Date): Promise<void> {
    await manager.query(
      `INSERT INTO candidates (id, name, email, timezone, country, source_kind, agency_name, agency_email, can_email, as_of)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9, true), $10)
       ON CONFLICT (id) DO UPDATE SET
         name = CASE WHEN $11 AND candidates.name IS NOT NULL THEN candidates.name ELSE EXCLUDED.name END,
         email = CASE WHEN $11 THEN COALESCE(EXCLUDED.email, candidates.email) ELSE EXCLUDED.email END,
         timezone = COALESCE(EXCLUDED.timezone, candidates.timezone),
         country = COALESCE(EXCLUDED.country, candidates.country),
         source_kind = COALESCE(EXCLUDED.source_kind, candidates.source_kind),
         agency_name = COALESCE(EXCLUDED.agency_name, candidates.agency_name),
         agency_email = COALESCE(EXCLUDED.agency_email, candidates.agency_email),
         can_email = COALESCE($9, candidates.can_email),
         as_of = EXCLUDED.as_of,
         updated_at = now()
       WHERE candidates.as_of <= EXCLUDED.as_of AND candidates.erased_at IS NULL`,
      [
        candidate.id,
        candidate.name,
        candidate.email ?? null,
        candidate.timezone ?? null,
        candidate.country ?? null,
        candidate.source?.kind ?? null,
        candidate.source?.agency_name ?? null,
        candidate.source?.agency_email ?? null,
        candidate.can_email ?? null,
        asOf,
        isPlaceholderName(candidate.name),
      ],
    );
  }

  async saveApplication(
    manager: EntityManager,
    projection: ApplicationProjection,
    source: string,
    dueAt: Date,
  ): Promise<void> {
    const p = projection;
    await manager.query(
      `INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at, url, applied_at, closed_at,
         last_outbound_contact_at, last_human_outbound_contact_at, last_inbound_contact_at, oldest_unanswered_inbound_at,
         awaiting_feedback_since, update_promised_at, update_promised_by, competing_offer_deadline,
         scheduling_clock_since, scheduled_interviews_in_stage, reschedules_in_stage, next_evaluation_at, last_event_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)
       ON CONFLICT (id) DO UPDATE SET
         candidate_id = EXCLUDED.candidate_id, job_id = EXCLUDED.job_id, status = EXCLUDED.status,
         stage_name = EXCLUDED.stage_name, stage_kind = EXCLUDED.stage_kind, stage_entered_at = EXCLUDED.stage_entered_at,
         url = EXCLUDED.url, applied_at = EXCLUDED.applied_at, closed_at = EXCLUDED.closed_at,
         last_outbound_contact_at = EXCLUDED.last_outbound_contact_at,
         last_human_outbound_contact_at = EXCLUDED.last_human_outbound_contact_at,
         last_inbound_contact_at = EXCLUDED.last_inbound_contact_at,
         oldest_unanswered_inbound_at = EXCLUDED.oldest_unanswered_inbound_at,
         awaiting_feedback_since = EXCLUDED.awaiting_feedback_since,
         update_promised_at = EXCLUDED.update_promised_at, update_promised_by = EXCLUDED.update_promised_by,
         competing_offer_deadline = EXCLUDED.competing_offer_deadline,
         scheduling_clock_since = EXCLUDED.scheduling_clock_since,
         scheduled_interviews_in_stage = EXCLUDED.scheduled_interviews_in_stage,
         reschedules_in_stage = EXCLUDED.reschedules_in_stage,
         next_evaluation_at = EXCLUDED.next_evaluation_at,
         last_event_at = EXCLUDED.last_event_at,
         updated_at = now()`,
      [
        p.id,
        p.candidate.id,
        p.job.id,
        source,
        p.status,
        p.stageName,
        p.stageKind,
        p.stageEnteredAt,
        p.url,
        p.appliedAt,
        p.closedAt,
        p.lastOutboundContactAt,
        p.lastHumanOutboundContactAt,
        p.lastInboundContactAt,
        p.oldestUnansweredInboundAt,
        p.awaitingFeedbackSince,
        p.updatePromisedAt,
        p.updatePromisedBy,
        p.competingOfferDeadline,
        p.schedulingClockSince,
        p.scheduledInterviewsInStage,
        p.reschedulesInStage,
        dueAt,
        p.lastEventAt,
      ],
    );
    await manager.query(`DELETE FROM interviews WHERE application_id = $1`, [p.id]);
    if (p.interviews.length > 0) {
      await manager.query(
        `INSERT INTO interviews (application_id, id, stage_name, status, starts_at, ends_at, reschedule_count)
         SELECT $1, i.id, i.stage_name, i.status, i.starts_at, i.ends_at, i.reschedule_count
         FROM jsonb_to_recordset($2::jsonb) AS i(id text, stage_name text, status text, starts_at timestamptz, ends_at timestamptz, reschedule_count int)`,
        [
          p.id,
          JSON.stringify(
            p.interviews.map((i) => ({
              id: i.id,
              stage_name: i.stageName,
              status: i.status,
              starts_at: i.startsAt,
              ends_at: i.endsAt,
              reschedule_count: i.rescheduleCount,
            })),
          ),
        ],
      );
    }
    await manager.query(`DELETE FROM feedback_periods WHERE application_id = $1`, [p.id]);
    if (p.feedbackPeriods.length > 0) {
      await manager.query(
        `INSERT INTO feedback_periods (application_id, started_at, hiring_manager_id, ended_at, ended_by)
         SELECT $1, f.started_at, $3, f.ended_at, f.ended_by
         FROM jsonb_to_recordset($2::jsonb) AS f(started_at timestamptz, ended_at timestamptz, ended_by text)
         ON CONFLICT DO NOTHING`,
        [
          p.id,
          JSON.stringify(
            p.feedbackPeriods.map((f) => ({
              started_at: f.startedAt,
              ended_at: f.endedAt,
              ended_by: f.endedBy,
            })),
          ),
          p.job.hiring_manager.id,
        ],
      );
    }
  }

  /** A job closed or reopened: its active applications are due for evaluation now. */
  async markJobApplicationsDue(manager: EntityManager, jobId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE applications SET next_evaluation_at = $2 WHERE job_id = $1 AND status = 'active' AND (next_evaluation_at IS NULL OR next_evaluation_at > $2)`,
      [jobId, at],
    );
  }

  async markCandidateApplicationsDue(manager: EntityManager, candidateId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE applications SET next_evaluation_at = $2 WHERE candidate_id = $1 AND status = 'active' AND (next_evaluation_at IS NULL OR next_evaluation_at > $2)`,
      [candidateId, at],
    );
  }

  /** Erasure: the candidate row, the payloads that name them, the outbox. Returns the secrets that were redacted. */
  async eraseCandidate(manager: EntityManager, candidateId: string, at: Date): Promise<string[]> {
    const rows: Array<{
      name: string | null;
      email: string | null;
      agency_email: string | null;
      agency_name: string | null;
    }> = await manager.query(
      `SELECT name, email, agency_email, agency_name FROM candidates WHERE id = $1 FOR UPDATE`,
      [candidateId],
    );
    const secrets = rows
      .flatMap((row) => [row.name, row.email, row.agency_email, row.agency_name])
      .filter((value): value is string => !!value && value !== '[erased]');
    await manager.query(
      `INSERT INTO candidates (id, name, email, can_email, erased_at, opted_out_at, as_of)
       VALUES ($1, '[erased]', NULL, false, $2, $2, $2)
       ON CONFLICT (id) DO UPDATE SET name = '[erased]', email = NULL, timezone = NULL, country = NULL, agency_name = NULL,
         agency_email = NULL, can_email = false, erased_at = $2, opted_out_at = COALESCE(candidates.opted_out_at, $2), updated_at = now()`,
      [candidateId, at],
    );
    await manager.query(
      `UPDATE notifications SET recipient_email = NULL,
         status = CASE WHEN status IN ('pending', 'queued') THEN 'cancelled' ELSE status END,
         reason = CASE WHEN status IN ('pending', 'queued') THEN 'candidate_erased' ELSE reason END
       WHERE candidate_id = $1`,
      [candidateId],
    );
    return secrets;
  }

  async storedPayloadsOfCandidate(
    manager: EntityManager,
    candidateId: string,
  ): Promise<Array<{ sequence: string; payload: unknown; vendor_payload: unknown }>> {
    return manager.query(
      `SELECT sequence, payload, vendor_payload FROM event_log
       WHERE candidate_id = $1 OR application_id IN (SELECT id FROM applications WHERE candidate_id = $1)`,
      [candidateId],
    );
  }

  async replaceStoredPayload(
    manager: EntityManager,
    sequence: string,
    payload: unknown,
    vendorPayload: unknown,
  ): Promise<void> {
    await manager.query(`UPDATE event_log SET payload = $2, vendor_payload = $3 WHERE sequence = $1`, [
      sequence,
      JSON.stringify(payload),
      vendorPayload === null || vendorPayload === undefined ? null : JSON.stringify(vendorPayload),
    ]);
  }

  async quarantinedBodiesContaining(
    manager: EntityManager,
    needles: string[],
  ): Promise<Array<{ id: string; raw_body: string }>> {
    if (needles.length === 0) return [];
    return manager.query(`SELECT id, raw_body FROM quarantine WHERE raw_body ILIKE ANY($1)`, [
      needles.map((n) => `%${n.replace(/[%_\\]/g, '\\$&')}%`),
    ]);
  }

  async replaceQuarantinedBody(manager: EntityManager, id: string, rawBody: string): Promise<void> {
    await manager.query(`UPDATE quarantine SET raw_body = $2 WHERE id = $1`, [id, rawBody]);
  }
}

/** The person adapters name when a vendor payload assigns nobody to a role (`greenhouse:unassigned`). */
function isUnassigned(personId: string): boolean {
  return /^(greenhouse|lever|ashby):unassigned$/.test(personId);
}
