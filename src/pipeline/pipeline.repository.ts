import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery, updatedRows } from '../infra/database/query-results';
import {
  distinctFeedbackPeriods,
  type PipelineEvent,
  type ApplicationProjection,
} from './application-projection';
import type { MergedCandidate, MergedJob, MergedPerson } from './snapshot-merge';

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
  /** Erasure: the candidate row becomes a tombstone. Returns the personal data it held (to redact elsewhere). */
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

  /** The event log in the order it was stored, a page after `afterSequence`; from `since` (occurred_at) when given. */
  async readEventLog(
    manager: EntityManager,
    afterSequence: string,
    since: Date | null,
    limit: number,
  ): Promise<Array<{ sequence: string; source: string; payload: unknown }>> {
    return manager.query(
      `SELECT sequence, source, payload FROM event_log
       WHERE sequence > $1 AND ($2::timestamptz IS NULL OR occurred_at >= $2)
       ORDER BY sequence LIMIT $3`,
      [afterSequence, since, limit],
    );
  }

  /** Marks the candidate opted out (the first time counts); null when the candidate is unknown. */
  async optOutCandidate(manager: EntityManager, candidateId: string, at: Date): Promise<Date | null> {
    const rows = updatedRows<{ opted_out_at: Date }>(
      await manager.query(
        `UPDATE candidates SET opted_out_at = COALESCE(opted_out_at, $2), updated_at = now() WHERE id = $1 RETURNING opted_out_at`,
        [candidateId, at],
      ),
    );
    return rows[0]?.opted_out_at ?? null;
  }

  /**
   * Locks one application for a change made outside ingestion (a recruiter action, a re-evaluation);
   * false when it is unknown. The fold's advisory lock comes first, in the order ingestion takes it, so
   * the two cannot deadlock.
   */
  async lockApplication(manager: EntityManager, applicationId: string): Promise<boolean> {
    await manager.query(`SELECT ${applicationFoldLock('$1')}`, [applicationId]);
    const rows: unknown[] = await manager.query(`SELECT 1 FROM applications WHERE id = $1 FOR UPDATE`, [
      applicationId,
    ]);
    return rows.length > 0;
  }

  /** When each application is next due for evaluation (the sweep's answer). */
  async scheduleEvaluations(
    manager: EntityManager,
    schedule: ReadonlyArray<{ id: string; nextEvaluationAt: Date | null }>,
  ): Promise<void> {
    if (schedule.length === 0) return;
    await manager.query(
      `UPDATE applications a SET next_evaluation_at = s.next_evaluation_at
       FROM unnest($1::text[], $2::timestamptz[]) AS s(id, next_evaluation_at)
       WHERE a.id = s.id`,
      [schedule.map((entry) => entry.id), schedule.map((entry) => entry.nextEvaluationAt)],
    );
  }

  /**
   * Snoozes an application; it is due for evaluation when the snooze ends, so that automatic sends
   * resume then. Null when the application is unknown.
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

  // ---- one batch of events, in three statements --------------------------------------------------
  // A batch's transaction makes three round trips whatever its size: lock and look up, append and
  // read back, write. Every round trip made while locks are held lengthens the time concurrent
  // batches wait on the rows they share (a job's recruiter and hiring manager are in most events).

  /**
   * Takes the fold lock of each application (sorted, so concurrent batches never wait on each other in
   * a cycle) and answers which of the candidates are erased.
   */
  async lockApplicationsAndFindErased(
    manager: EntityManager,
    applicationIds: readonly string[],
    candidateIds: readonly string[],
  ): Promise<Set<string>> {
    if (applicationIds.length === 0 && candidateIds.length === 0) return new Set();
    const rows: Array<{ erased: string[] }> = await manager.query(
      `SELECT (SELECT count(*) FROM (SELECT ${applicationFoldLock('u.id')}
                 FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n) AS locks) AS locked,
              ARRAY(SELECT id FROM candidates WHERE id = ANY($2::text[]) AND erased_at IS NOT NULL) AS erased`,
      [[...new Set(applicationIds)].sort(), [...new Set(candidateIds)]],
    );
    return new Set(rows[0].erased);
  }

  /**
   * Appends the entries in the given order (their sequence is that order) and reads back the whole
   * log of each application named, these entries included, in (occurred_at, sequence) order. `stored`
   * holds the indexes of the entries appended; the others were already in the log. Entries must not
   * repeat a (source, id), and the applications' fold locks must be held.
   */
  async appendEventsAndReadLogs(
    manager: EntityManager,
    entries: readonly LogEntry[],
    applicationIds: readonly string[],
  ): Promise<{ stored: Set<number>; logs: Map<string, StoredEvent[]> }> {
    const rows: Array<{
      ord: number | null;
      application_id: string | null;
      sequence: string;
      source: string;
      payload: PipelineEvent | null;
    }> = await manager.query(
      // Rows go in sorted by key, so concurrent batches delivering the same ids never wait on each
      // other in a cycle. The log read sees the log as it was before this statement: the rows just
      // appended come back from RETURNING, and their payloads are already here in memory.
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(ord int, source text, event_id text, type text,
           occurred_at timestamptz, application_id text, candidate_id text, job_id text, payload jsonb, vendor_payload jsonb)),
       numbered AS MATERIALIZED (
         SELECT i.*, nextval(pg_get_serial_sequence('event_log', 'sequence')) AS sequence
         FROM (SELECT * FROM input ORDER BY ord) AS i),
       appended AS (
         INSERT INTO event_log (sequence, source, event_id, type, occurred_at, application_id, candidate_id, job_id, payload, vendor_payload)
         SELECT sequence, source, event_id, type, occurred_at, application_id, candidate_id, job_id, payload, vendor_payload
         FROM numbered ORDER BY source COLLATE "C", event_id COLLATE "C"
         ON CONFLICT (source, event_id) DO NOTHING
         RETURNING sequence, source, event_id)
       SELECT n.ord, NULL AS application_id, a.sequence::text AS sequence, a.source, NULL::jsonb AS payload
       FROM appended a JOIN numbered n ON n.sequence = a.sequence
       UNION ALL
       SELECT NULL, l.application_id, l.sequence::text, l.source, l.payload
       FROM event_log l WHERE l.application_id = ANY($2::text[])`,
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
        applicationIds,
      ],
    );
    const stored = new Set<number>();
    const logs = new Map<string, StoredEvent[]>(applicationIds.map((id) => [id, []]));
    for (const row of rows) {
      if (row.ord !== null) {
        stored.add(row.ord);
        const entry = entries[row.ord];
        if (entry.applicationId !== null)
          logs
            .get(entry.applicationId)
            ?.push({ sequence: row.sequence, source: row.source, event: entry.event });
      } else if (row.application_id !== null && row.payload !== null) {
        logs
          .get(row.application_id)
          ?.push({ sequence: row.sequence, source: row.source, event: row.payload });
      }
    }
    for (const log of logs.values()) sortByOccurrence(log);
    return { stored, logs };
  }

  /**
   * Writes what a batch's folds and snapshots produced, in one statement: the applications (their
   * interviews and feedback periods replaced by the folds' own), then people, jobs and candidates,
   * each sorted by id and in that order, so concurrent batches lock shared rows in one order. A
   * snapshot never overrides a newer row, and placeholders never replace real values. Returns the ids
   * of jobs whose status changed.
   */
  async saveBatch(manager: EntityManager, batch: BatchWrite, dueAt: Date): Promise<string[]> {
    const applications = [...batch.applications].sort((a, b) => (a.projection.id < b.projection.id ? -1 : 1));
    if (
      applications.length === 0 &&
      batch.people.length === 0 &&
      batch.jobs.length === 0 &&
      batch.candidates.length === 0
    )
      return [];
    const rows = await preparedQuery<{ id: string }>(
      manager,
      'keepwarm_save_batch',
      `WITH
       apps_in AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS a(id text, candidate_id text, job_id text, source text, status text,
           stage_name text, stage_kind text, stage_entered_at timestamptz, url text, applied_at timestamptz, closed_at timestamptz,
           last_outbound_contact_at timestamptz, last_human_outbound_contact_at timestamptz, last_inbound_contact_at timestamptz,
           oldest_unanswered_inbound_at timestamptz, awaiting_feedback_since timestamptz, update_promised_at timestamptz,
           update_promised_by timestamptz, competing_offer_deadline timestamptz, scheduling_clock_since timestamptz,
           scheduled_interviews_in_stage int, reschedules_in_stage int, last_event_at timestamptz)),
       apps AS (
         INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at, url, applied_at, closed_at,
           last_outbound_contact_at, last_human_outbound_contact_at, last_inbound_contact_at, oldest_unanswered_inbound_at,
           awaiting_feedback_since, update_promised_at, update_promised_by, competing_offer_deadline,
           scheduling_clock_since, scheduled_interviews_in_stage, reschedules_in_stage, next_evaluation_at, last_event_at)
         SELECT a.id, a.candidate_id, a.job_id, a.source, a.status, a.stage_name, a.stage_kind, a.stage_entered_at, a.url, a.applied_at, a.closed_at,
           a.last_outbound_contact_at, a.last_human_outbound_contact_at, a.last_inbound_contact_at, a.oldest_unanswered_inbound_at,
           a.awaiting_feedback_since, a.update_promised_at, a.update_promised_by, a.competing_offer_deadline,
           a.scheduling_clock_since, a.scheduled_interviews_in_stage, a.reschedules_in_stage, $2, a.last_event_at
         FROM apps_in a ORDER BY a.id
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
           updated_at = now()),
       interviews_in AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS i(application_id text, id text, stage_name text, status text,
           starts_at timestamptz, ends_at timestamptz, reschedule_count int)),
       interviews_gone AS (
         DELETE FROM interviews d WHERE d.application_id IN (SELECT id FROM apps_in)
           AND NOT EXISTS (SELECT 1 FROM interviews_in i WHERE i.application_id = d.application_id AND i.id = d.id)),
       interviews_kept AS (
         INSERT INTO interviews (application_id, id, stage_name, status, starts_at, ends_at, reschedule_count)
         SELECT i.application_id, i.id, i.stage_name, i.status, i.starts_at, i.ends_at, i.reschedule_count FROM interviews_in i
         ON CONFLICT (application_id, id) DO UPDATE SET
           stage_name = EXCLUDED.stage_name, status = EXCLUDED.status, starts_at = EXCLUDED.starts_at,
           ends_at = EXCLUDED.ends_at, reschedule_count = EXCLUDED.reschedule_count
         WHERE (interviews.stage_name, interviews.status, interviews.starts_at, interviews.ends_at, interviews.reschedule_count)
           IS DISTINCT FROM (EXCLUDED.stage_name, EXCLUDED.status, EXCLUDED.starts_at, EXCLUDED.ends_at, EXCLUDED.reschedule_count)),
       periods_in AS (
         SELECT * FROM jsonb_to_recordset($4::jsonb) AS f(application_id text, started_at timestamptz, hiring_manager_id text,
           ended_at timestamptz, ended_by text)),
       periods_gone AS (
         DELETE FROM feedback_periods d WHERE d.application_id IN (SELECT id FROM apps_in)
           AND NOT EXISTS (SELECT 1 FROM periods_in f WHERE f.application_id = d.application_id AND f.started_at = d.started_at)),
       periods_kept AS (
         INSERT INTO feedback_periods (application_id, started_at, hiring_manager_id, ended_at, ended_by)
         SELECT f.application_id, f.started_at, f.hiring_manager_id, f.ended_at, f.ended_by FROM periods_in f
         ON CONFLICT (application_id, started_at) DO UPDATE SET
           hiring_manager_id = EXCLUDED.hiring_manager_id, ended_at = EXCLUDED.ended_at, ended_by = EXCLUDED.ended_by
         WHERE (feedback_periods.hiring_manager_id, feedback_periods.ended_at, feedback_periods.ended_by)
           IS DISTINCT FROM (EXCLUDED.hiring_manager_id, EXCLUDED.ended_at, EXCLUDED.ended_by)),
       people_in AS (
         SELECT * FROM jsonb_to_recordset($5::jsonb) AS p(id text, name text, name_placeholder boolean, email text,
           timezone text, country text, as_of timestamptz)),
       people_set AS (
         INSERT INTO people (id, name, email, timezone, country, as_of)
         SELECT id, name, email, timezone, country, as_of FROM people_in ORDER BY id
         ON CONFLICT (id) DO UPDATE SET
           name = CASE WHEN (SELECT i.name_placeholder FROM people_in i WHERE i.id = EXCLUDED.id) AND people.name IS NOT NULL
                  THEN people.name ELSE EXCLUDED.name END,
           email = COALESCE(EXCLUDED.email, people.email),
           timezone = COALESCE(EXCLUDED.timezone, people.timezone),
           country = COALESCE(EXCLUDED.country, people.country),
           as_of = EXCLUDED.as_of,
           updated_at = now()
         WHERE people.as_of <= EXCLUDED.as_of AND NOT people.from_directory
         RETURNING 1),
       jobs_in AS (
         SELECT * FROM jsonb_to_recordset($6::jsonb) AS j(id text, title text, title_placeholder boolean, status text,
           status_since timestamptz, status_changed_within boolean, insert_status text, insert_status_changed_at timestamptz,
           recruiter_id text, recruiter_unassigned boolean, hiring_manager_id text, hiring_manager_unassigned boolean,
           as_of timestamptz)),
       jobs_before AS (SELECT id, status FROM jobs WHERE id IN (SELECT id FROM jobs_in)),
       jobs_set AS (
         -- After people (the subquery makes people_set finish first): one lock order for every batch.
         INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
         SELECT id, title, insert_status, insert_status_changed_at, recruiter_id, hiring_manager_id, as_of FROM jobs_in
         WHERE (SELECT count(*) FROM people_set) >= 0 ORDER BY id
         ON CONFLICT (id) DO UPDATE SET
           title = CASE WHEN (SELECT i.title_placeholder FROM jobs_in i WHERE i.id = EXCLUDED.id) THEN jobs.title ELSE EXCLUDED.title END,
           status = COALESCE((SELECT i.status FROM jobs_in i WHERE i.id = EXCLUDED.id), jobs.status),
           status_changed_at = (SELECT CASE WHEN i.status IS NOT NULL AND (i.status_changed_within OR i.status <> jobs.status)
                                  THEN i.status_since ELSE jobs.status_changed_at END FROM jobs_in i WHERE i.id = EXCLUDED.id),
           recruiter_id = CASE WHEN (SELECT i.recruiter_unassigned FROM jobs_in i WHERE i.id = EXCLUDED.id) AND jobs.recruiter_id IS NOT NULL
                          THEN jobs.recruiter_id ELSE EXCLUDED.recruiter_id END,
           hiring_manager_id = CASE WHEN (SELECT i.hiring_manager_unassigned FROM jobs_in i WHERE i.id = EXCLUDED.id) AND jobs.hiring_manager_id IS NOT NULL
                          THEN jobs.hiring_manager_id ELSE EXCLUDED.hiring_manager_id END,
           as_of = EXCLUDED.as_of,
           updated_at = now()
         WHERE jobs.as_of <= EXCLUDED.as_of
         RETURNING jobs.id,
           (SELECT b.status FROM jobs_before b WHERE b.id = jobs.id) IS DISTINCT FROM jobs.status
             OR (SELECT i.status IS NOT NULL AND i.status_changed_within FROM jobs_in i WHERE i.id = jobs.id) AS status_changed),
       candidates_in AS (
         SELECT * FROM jsonb_to_recordset($7::jsonb) AS c(id text, name text, name_placeholder boolean, email text,
           email_exact boolean, timezone text, country text, source_kind text, agency_name text, agency_email text,
           can_email boolean, as_of timestamptz)),
       candidates_set AS (
         -- After jobs, for the same reason.
         INSERT INTO candidates (id, name, email, timezone, country, source_kind, agency_name, agency_email, can_email, as_of)
         SELECT id, name, email, timezone, country, source_kind, agency_name, agency_email, COALESCE(can_email, true), as_of
         FROM candidates_in WHERE (SELECT count(*) FROM jobs_set) >= 0 ORDER BY id
         ON CONFLICT (id) DO UPDATE SET
           name = CASE WHEN (SELECT i.name_placeholder FROM candidates_in i WHERE i.id = EXCLUDED.id) AND candidates.name IS NOT NULL
                  THEN candidates.name ELSE EXCLUDED.name END,
           email = CASE WHEN (SELECT i.email_exact FROM candidates_in i WHERE i.id = EXCLUDED.id)
                   THEN EXCLUDED.email ELSE COALESCE(EXCLUDED.email, candidates.email) END,
           timezone = COALESCE(EXCLUDED.timezone, candidates.timezone),
           country = COALESCE(EXCLUDED.country, candidates.country),
           source_kind = COALESCE(EXCLUDED.source_kind, candidates.source_kind),
           agency_name = COALESCE(EXCLUDED.agency_name, candidates.agency_name),
           agency_email = COALESCE(EXCLUDED.agency_email, candidates.agency_email),
           can_email = COALESCE((SELECT i.can_email FROM candidates_in i WHERE i.id = EXCLUDED.id), candidates.can_email),
           as_of = EXCLUDED.as_of,
           updated_at = now()
         WHERE candidates.as_of <= EXCLUDED.as_of AND candidates.erased_at IS NULL)
       SELECT id FROM jobs_set WHERE status_changed`,
      [
        JSON.stringify(applications.map(({ projection, source }) => applicationRow(projection, source))),
        dueAt,
        JSON.stringify(applications.flatMap(({ projection }) => interviewRows(projection))),
        JSON.stringify(applications.flatMap(({ projection }) => feedbackPeriodRows(projection))),
        JSON.stringify(batch.people.map(columnsOf)),
        JSON.stringify(batch.jobs.map(columnsOf)),
        JSON.stringify(batch.candidates.map(columnsOf)),
      ],
    );
    return rows.map((row) => row.id);
  }

  /** Active applications of these jobs or candidates are due for evaluation at `at` (a job closed, a candidate changed). */
  async markApplicationsDue(
    manager: EntityManager,
    of: { jobIds: readonly string[]; candidateIds: readonly string[] },
    at: Date,
  ): Promise<void> {
    if (of.jobIds.length === 0 && of.candidateIds.length === 0) return;
    await manager.query(
      `UPDATE applications SET next_evaluation_at = $3
       WHERE (job_id = ANY($1::text[]) OR candidate_id = ANY($2::text[])) AND status = 'active'
         AND (next_evaluation_at IS NULL OR next_evaluation_at > $3)`,
      [of.jobIds, of.candidateIds, at],
    );
  }
}

/** The advisory lock that serialises folds of one application until commit (the same key everywhere). */
export function applicationFoldLock(idExpression: string): string {
  return `pg_advisory_xact_lock(hashtextextended('application:' || ${idExpression}, 0))`;
}

/** What a batch writes after its folds. */
export interface BatchWrite {
  applications: ReadonlyArray<{ projection: ApplicationProjection; source: string }>;
  people: readonly MergedPerson[];
  jobs: readonly MergedJob[];
  candidates: readonly MergedCandidate[];
}

/** (occurred_at, sequence): the fold's order. Sequences are decimal strings of one bigint column. */
function sortByOccurrence(log: StoredEvent[]): void {
  const keyed = log.map((entry) => ({ entry, at: Date.parse(entry.event.occurred_at) }));
  keyed.sort(
    (a, b) =>
      a.at - b.at ||
      a.entry.sequence.length - b.entry.sequence.length ||
      (a.entry.sequence < b.entry.sequence ? -1 : a.entry.sequence > b.entry.sequence ? 1 : 0),
  );
  keyed.forEach(({ entry }, index) => (log[index] = entry));
}

function applicationRow(p: ApplicationProjection, source: string): Record<string, unknown> {
  return {
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
  };
}

function interviewRows(p: ApplicationProjection): Array<Record<string, unknown>> {
  return p.interviews.map((i) => ({
    application_id: p.id,
    id: i.id,
    stage_name: i.stageName,
    status: i.status,
    starts_at: i.startsAt,
    ends_at: i.endsAt,
    reschedule_count: i.rescheduleCount,
  }));
}

function feedbackPeriodRows(p: ApplicationProjection): Array<Record<string, unknown>> {
  return distinctFeedbackPeriods(p).map((f) => ({
    application_id: p.id,
    started_at: f.startedAt,
    hiring_manager_id: p.job.hiring_manager.id,
    ended_at: f.endedAt,
    ended_by: f.endedBy,
  }));
}

/** The merged snapshots' fields are their columns, camel-cased: { asOf } is the column as_of. */
function columnsOf(snapshot: object): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snapshot)) row[columnNameOf(key)] = value;
  return row;
}

const columnNames = new Map<string, string>();
function columnNameOf(field: string): string {
  let name = columnNames.get(field);
  if (name === undefined) {
    name = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    columnNames.set(field, name);
  }
  return name;
}
