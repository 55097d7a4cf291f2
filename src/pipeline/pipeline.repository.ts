import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type {
  Candidate as CandidateSnapshot,
  Job as JobSnapshot,
  Person as PersonSnapshot,
} from '../ingestion/canonical/canonical-event.schema';
import { isPlaceholderName } from '../ingestion/vendors/vendor-adapter';
import type { PipelineEvent, ApplicationProjection } from './application-projection';
import { isUnassigned, MergedCandidate, MergedJob, MergedPerson } from './snapshot-merge';

export interface StoredEvent {
  sequence: string;
  source: string;
  event: PipelineEvent;
}

export interface LogEntry {
  source: string;
  event: PipelineEvent;
  applicationId: string | null;
  candidateId: string | null;
  jobId: string | null;
  vendorPayload?: unknown;
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
    await this.saveApplications(manager, [{ projection, source }], dueAt);
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

  // ---- set-based forms, one statement for a whole batch -------------------------------------

  /**
   * Appends many events in the given order (their sequence is that order). Returns the indexes of
   * the entries stored; the others were already in the log. Entries must not repeat a (source, id).
   */
  async appendEvents(manager: EntityManager, entries: readonly LogEntry[]): Promise<Set<number>> {
    if (entries.length === 0) return new Set();
    const rows: Array<{ source: string; event_id: string }> = await manager.query(
      // Sequence numbers follow the given order (received order); rows go in sorted by key, so
      // concurrent batches delivering the same ids never wait on each other in a cycle.
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(ord int, source text, event_id text, type text,
           occurred_at timestamptz, application_id text, candidate_id text, job_id text, payload jsonb, vendor_payload jsonb)),
       numbered AS MATERIALIZED (
         SELECT i.*, nextval(pg_get_serial_sequence('event_log', 'sequence')) AS sequence
         FROM (SELECT * FROM input ORDER BY ord) AS i)
       INSERT INTO event_log (sequence, source, event_id, type, occurred_at, application_id, candidate_id, job_id, payload, vendor_payload)
       SELECT sequence, source, event_id, type, occurred_at, application_id, candidate_id, job_id, payload, vendor_payload
       FROM numbered ORDER BY source COLLATE "C", event_id COLLATE "C"
       ON CONFLICT (source, event_id) DO NOTHING
       RETURNING source, event_id`,
      [
        JSON.stringify(
          entries.map((entry, index) => ({
            ord: index,
            source: entry.source,
            event_id: entry.event.id,
            type: entry.event.type,
            occurred_at: entry.event.occurred_at,
            application_id: entry.applicationId,
            candidate_id: entry.candidateId,
            job_id: entry.jobId,
            payload: entry.event,
            vendor_payload: entry.vendorPayload === undefined ? null : entry.vendorPayload,
          })),
        ),
      ],
    );
    const stored = new Set(rows.map((row) => `${row.source}\u0000${row.event_id}`));
    const indexes = new Set<number>();
    entries.forEach((entry, index) => {
      if (stored.has(`${entry.source}\u0000${entry.event.id}`)) indexes.add(index);
    });
    return indexes;
  }

  async erasedCandidates(manager: EntityManager, candidateIds: readonly string[]): Promise<Set<string>> {
    if (candidateIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM candidates WHERE id = ANY($1::text[]) AND erased_at IS NOT NULL`,
      [candidateIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** upsertPerson for many merged snapshots (sorted by id: row locks in a fixed order). */
  async upsertPeople(manager: EntityManager, people: readonly MergedPerson[]): Promise<void> {
    if (people.length === 0) return;
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(id text, name text, name_placeholder boolean, email text,
           timezone text, country text, as_of timestamptz))
       INSERT INTO people (id, name, email, timezone, country, as_of)
       SELECT id, name, email, timezone, country, as_of FROM input ORDER BY id
       ON CONFLICT (id) DO UPDATE SET
         name = CASE WHEN (SELECT i.name_placeholder FROM input i WHERE i.id = EXCLUDED.id) AND people.name IS NOT NULL
                THEN people.name ELSE EXCLUDED.name END,
         email = COALESCE(EXCLUDED.email, people.email),
         timezone = COALESCE(EXCLUDED.timezone, people.timezone),
         country = COALESCE(EXCLUDED.country, people.country),
         as_of = EXCLUDED.as_of,
         updated_at = now()
       WHERE people.as_of <= EXCLUDED.as_of AND NOT people.from_directory`,
      [
        JSON.stringify(
          people.map((p) => ({
            id: p.id,
            name: p.name,
            name_placeholder: p.namePlaceholder,
            email: p.email,
            timezone: p.timezone,
            country: p.country,
            as_of: p.asOf,
          })),
        ),
      ],
    );
  }

  /** upsertJob for many merged snapshots; returns the ids of jobs whose status changed. */
  async upsertJobs(manager: EntityManager, jobs: readonly MergedJob[]): Promise<string[]> {
    if (jobs.length === 0) return [];
    const rows: Array<{ id: string; status_changed: boolean }> = await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS j(id text, title text, title_placeholder boolean, status text,
           status_since timestamptz, status_changed_within boolean, insert_status text, insert_status_changed_at timestamptz,
           recruiter_id text, recruiter_unassigned boolean, hiring_manager_id text, hiring_manager_unassigned boolean,
           as_of timestamptz)),
       previous AS (SELECT id, status FROM jobs WHERE id IN (SELECT id FROM input))
       INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
       SELECT id, title, insert_status, insert_status_changed_at, recruiter_id, hiring_manager_id, as_of FROM input ORDER BY id
       ON CONFLICT (id) DO UPDATE SET
         title = CASE WHEN (SELECT i.title_placeholder FROM input i WHERE i.id = EXCLUDED.id) THEN jobs.title ELSE EXCLUDED.title END,
         status = COALESCE((SELECT i.status FROM input i WHERE i.id = EXCLUDED.id), jobs.status),
         status_changed_at = (SELECT CASE WHEN i.status IS NOT NULL AND (i.status_changed_within OR i.status <> jobs.status)
                                THEN i.status_since ELSE jobs.status_changed_at END FROM input i WHERE i.id = EXCLUDED.id),
         recruiter_id = CASE WHEN (SELECT i.recruiter_unassigned FROM input i WHERE i.id = EXCLUDED.id) AND jobs.recruiter_id IS NOT NULL
                        THEN jobs.recruiter_id ELSE EXCLUDED.recruiter_id END,
         hiring_manager_id = CASE WHEN (SELECT i.hiring_manager_unassigned FROM input i WHERE i.id = EXCLUDED.id) AND jobs.hiring_manager_id IS NOT NULL
                        THEN jobs.hiring_manager_id ELSE EXCLUDED.hiring_manager_id END,
         as_of = EXCLUDED.as_of,
         updated_at = now()
       WHERE jobs.as_of <= EXCLUDED.as_of
       RETURNING jobs.id,
         (SELECT p.status FROM previous p WHERE p.id = jobs.id) IS DISTINCT FROM jobs.status
           OR (SELECT i.status IS NOT NULL AND i.status_changed_within FROM input i WHERE i.id = jobs.id) AS status_changed`,
      [
        JSON.stringify(
          jobs.map((j) => ({
            id: j.id,
            title: j.title,
            title_placeholder: j.titlePlaceholder,
            status: j.status,
            status_since: j.statusSince,
            status_changed_within: j.statusChangedWithin,
            insert_status: j.insertStatus,
            insert_status_changed_at: j.insertStatusChangedAt,
            recruiter_id: j.recruiterId,
            recruiter_unassigned: j.recruiterUnassigned,
            hiring_manager_id: j.hiringManagerId,
            hiring_manager_unassigned: j.hiringManagerUnassigned,
            as_of: j.asOf,
          })),
        ),
      ],
    );
    return rows.filter((row) => row.status_changed).map((row) => row.id);
  }

  /** upsertCandidate for many merged snapshots; erased candidates stay as they are. */
  async upsertCandidates(manager: EntityManager, candidates: readonly MergedCandidate[]): Promise<void> {
    if (candidates.length === 0) return;
    await manager.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS c(id text, name text, name_placeholder boolean, email text,
           email_exact boolean, timezone text, country text, source_kind text, agency_name text, agency_email text,
           can_email boolean, as_of timestamptz))
       INSERT INTO candidates (id, name, email, timezone, country, source_kind, agency_name, agency_email, can_email, as_of)
       SELECT id, name, email, timezone, country, source_kind, agency_name, agency_email, COALESCE(can_email, true), as_of
       FROM input ORDER BY id
       ON CONFLICT (id) DO UPDATE SET
         name = CASE WHEN (SELECT i.name_placeholder FROM input i WHERE i.id = EXCLUDED.id) AND candidates.name IS NOT NULL
                THEN candidates.name ELSE EXCLUDED.name END,
         email = CASE WHEN (SELECT i.email_exact FROM input i WHERE i.id = EXCLUDED.id)
                 THEN EXCLUDED.email ELSE COALESCE(EXCLUDED.email, candidates.email) END,
         timezone = COALESCE(EXCLUDED.timezone, candidates.timezone),
         country = COALESCE(EXCLUDED.country, candidates.country),
         source_kind = COALESCE(EXCLUDED.source_kind, candidates.source_kind),
         agency_name = COALESCE(EXCLUDED.agency_name, candidates.agency_name),
         agency_email = COALESCE(EXCLUDED.agency_email, candidates.agency_email),
         can_email = COALESCE((SELECT i.can_email FROM input i WHERE i.id = EXCLUDED.id), candidates.can_email),
         as_of = EXCLUDED.as_of,
         updated_at = now()
       WHERE candidates.as_of <= EXCLUDED.as_of AND candidates.erased_at IS NULL`,
      [
        JSON.stringify(
          candidates.map((c) => ({
            id: c.id,
            name: c.name,
            name_placeholder: c.namePlaceholder,
            email: c.email,
            email_exact: c.emailExact,
            timezone: c.timezone,
            country: c.country,
            source_kind: c.sourceKind,
            agency_name: c.agencyName,
            agency_email: c.agencyEmail,
            can_email: c.canEmail,
            as_of: c.asOf,
          })),
        ),
      ],
    );
  }

  /** lockApplication for many, in sorted order so concurrent batches never wait on each other in a cycle. */
  async lockApplications(manager: EntityManager, applicationIds: readonly string[]): Promise<void> {
    if (applicationIds.length === 0) return;
    if (applicationIds.length === 1) return this.lockApplication(manager, applicationIds[0]);
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtextextended('application:' || u.id, 0))
       FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n`,
      [[...new Set(applicationIds)].sort()],
    );
  }

  async eventsOfApplications(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<Map<string, StoredEvent[]>> {
    const byApplication = new Map<string, StoredEvent[]>(applicationIds.map((id) => [id, []]));
    if (applicationIds.length === 0) return byApplication;
    const rows: Array<{ application_id: string; sequence: string; source: string; payload: PipelineEvent }> =
      await manager.query(
        `SELECT application_id, sequence, source, payload FROM event_log
         WHERE application_id = ANY($1::text[]) ORDER BY application_id, occurred_at, sequence`,
        [applicationIds],
      );
    for (const row of rows)
      byApplication
        .get(row.application_id)
        ?.push({ sequence: row.sequence, source: row.source, event: row.payload });
    return byApplication;
  }

  /** saveApplication for many: the rows, then their interviews and feedback periods replaced. */
  async saveApplications(
    manager: EntityManager,
    entries: ReadonlyArray<{ projection: ApplicationProjection; source: string }>,
    dueAt: Date,
  ): Promise<void> {
    if (entries.length === 0) return;
    const sorted = [...entries].sort((a, b) => (a.projection.id < b.projection.id ? -1 : 1));
    const ids = sorted.map((entry) => entry.projection.id);
    await manager.query(
      `INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at, url, applied_at, closed_at,
         last_outbound_contact_at, last_human_outbound_contact_at, last_inbound_contact_at, oldest_unanswered_inbound_at,
         awaiting_feedback_since, update_promised_at, update_promised_by, competing_offer_deadline,
         scheduling_clock_since, scheduled_interviews_in_stage, reschedules_in_stage, next_evaluation_at, last_event_at)
       SELECT a.id, a.candidate_id, a.job_id, a.source, a.status, a.stage_name, a.stage_kind, a.stage_entered_at, a.url, a.applied_at, a.closed_at,
         a.last_outbound_contact_at, a.last_human_outbound_contact_at, a.last_inbound_contact_at, a.oldest_unanswered_inbound_at,
         a.awaiting_feedback_since, a.update_promised_at, a.update_promised_by, a.competing_offer_deadline,
         a.scheduling_clock_since, a.scheduled_interviews_in_stage, a.reschedules_in_stage, $2, a.last_event_at
       FROM jsonb_to_recordset($1::jsonb) AS a(id text, candidate_id text, job_id text, source text, status text,
         stage_name text, stage_kind text, stage_entered_at timestamptz, url text, applied_at timestamptz, closed_at timestamptz,
         last_outbound_contact_at timestamptz, last_human_outbound_contact_at timestamptz, last_inbound_contact_at timestamptz,
         oldest_unanswered_inbound_at timestamptz, awaiting_feedback_since timestamptz, update_promised_at timestamptz,
         update_promised_by timestamptz, competing_offer_deadline timestamptz, scheduling_clock_since timestamptz,
         scheduled_interviews_in_stage int, reschedules_in_stage int, last_event_at timestamptz)
       ORDER BY a.id
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
        JSON.stringify(
          sorted.map(({ projection: p, source }) => ({
            id: p.id,
            candidate_id: p.candidate.id,
            job_id: p.job.id,
            source,
            status: p.status,
            stage_name: p.stageName,
            stage_kind: p.stageKind,
            stage_entered_at: p.stageEnteredAt,
            url: p.url,
            applied_at: p.appliedAt,
            closed_at: p.closedAt,
            last_outbound_contact_at: p.lastOutboundContactAt,
            last_human_outbound_contact_at: p.lastHumanOutboundContactAt,
            last_inbound_contact_at: p.lastInboundContactAt,
            oldest_unanswered_inbound_at: p.oldestUnansweredInboundAt,
            awaiting_feedback_since: p.awaitingFeedbackSince,
            update_promised_at: p.updatePromisedAt,
            update_promised_by: p.updatePromisedBy,
            competing_offer_deadline: p.competingOfferDeadline,
            scheduling_clock_since: p.schedulingClockSince,
            scheduled_interviews_in_stage: p.scheduledInterviewsInStage,
            reschedules_in_stage: p.reschedulesInStage,
            last_event_at: p.lastEventAt,
          })),
        ),
        dueAt,
      ],
    );
    await manager.query(`DELETE FROM interviews WHERE application_id = ANY($1::text[])`, [ids]);
    const interviews = sorted.flatMap(({ projection: p }) =>
      p.interviews.map((i) => ({
        application_id: p.id,
        id: i.id,
        stage_name: i.stageName,
        status: i.status,
        starts_at: i.startsAt,
        ends_at: i.endsAt,
        reschedule_count: i.rescheduleCount,
      })),
    );
    if (interviews.length > 0) {
      await manager.query(
        `INSERT INTO interviews (application_id, id, stage_name, status, starts_at, ends_at, reschedule_count)
         SELECT i.application_id, i.id, i.stage_name, i.status, i.starts_at, i.ends_at, i.reschedule_count
         FROM jsonb_to_recordset($1::jsonb) AS i(application_id text, id text, stage_name text, status text,
           starts_at timestamptz, ends_at timestamptz, reschedule_count int)`,
        [JSON.stringify(interviews)],
      );
    }
    await manager.query(`DELETE FROM feedback_periods WHERE application_id = ANY($1::text[])`, [ids]);
    const periods = sorted.flatMap(({ projection: p }) =>
      p.feedbackPeriods.map((f) => ({
        application_id: p.id,
        started_at: f.startedAt,
        hiring_manager_id: p.job.hiring_manager.id,
        ended_at: f.endedAt,
        ended_by: f.endedBy,
      })),
    );
    if (periods.length > 0) {
      await manager.query(
        `INSERT INTO feedback_periods (application_id, started_at, hiring_manager_id, ended_at, ended_by)
         SELECT f.application_id, f.started_at, f.hiring_manager_id, f.ended_at, f.ended_by
         FROM jsonb_to_recordset($1::jsonb) AS f(application_id text, started_at timestamptz, hiring_manager_id text,
           ended_at timestamptz, ended_by text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(periods)],
      );
    }
  }

  async markJobsApplicationsDue(manager: EntityManager, jobIds: readonly string[], at: Date): Promise<void> {
    if (jobIds.length === 0) return;
    await manager.query(
      `UPDATE applications SET next_evaluation_at = $2 WHERE job_id = ANY($1::text[]) AND status = 'active' AND (next_evaluation_at IS NULL OR next_evaluation_at > $2)`,
      [jobIds, at],
    );
  }

  async markCandidatesApplicationsDue(
    manager: EntityManager,
    candidateIds: readonly string[],
    at: Date,
  ): Promise<void> {
    if (candidateIds.length === 0) return;
    await manager.query(
      `UPDATE applications SET next_evaluation_at = $2 WHERE candidate_id = ANY($1::text[]) AND status = 'active' AND (next_evaluation_at IS NULL OR next_evaluation_at > $2)`,
      [candidateIds, at],
    );
  }
}
