import { Client } from 'pg';
import { severityRank } from '../../src/policy/urgency';

// Rows for digest tests, written straight into a test database: the digest only reads what the
// pipeline and the sweep stored, so the tests state that directly instead of replaying events.

export interface PersonRow {
  id: string;
  name: string;
  email?: string | null;
  timezone?: string | null;
  country?: string | null;
}

export interface FlagRow {
  id?: string;
  applicationId: string;
  kind: string;
  action: string;
  severity: 'low' | 'medium' | 'high' | 'urgent';
  raisedAt: string;
  waitingSince: string;
  details?: Record<string, unknown>;
  status?: 'open' | 'resolved';
}

export class DigestFixtures {
  private constructor(private readonly client: Client) {}

  static async connect(url: string): Promise<DigestFixtures> {
    const client = new Client({ connectionString: url });
    await client.connect();
    return new DigestFixtures(client);
  }

  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, values: unknown[] = []) {
    return this.client.query<T>(sql, values);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  async person(person: PersonRow): Promise<void> {
    await this.client.query(
      `INSERT INTO people (id, name, email, timezone, country, as_of) VALUES ($1, $2, $3, $4, $5, now())`,
      [person.id, person.name, person.email ?? null, person.timezone ?? null, person.country ?? null],
    );
  }

  async job(job: {
    id: string;
    title: string;
    recruiterId: string;
    hiringManagerId?: string | null;
    status?: string;
  }): Promise<void> {
    await this.client.query(
      `INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
       VALUES ($1, $2, $3, '2026-10-01T00:00:00Z', $4, $5, now())`,
      [job.id, job.title, job.status ?? 'open', job.recruiterId, job.hiringManagerId ?? null],
    );
  }

  /** A candidate and their application in one go. */
  async application(application: {
    id: string;
    jobId: string;
    candidateName: string;
    stageName?: string;
    stageKind?: string;
    url?: string | null;
    status?: string;
    snoozedUntil?: string | null;
    awaitingFeedbackSince?: string | null;
    /** Inbound contact no person has answered yet. */
    oldestUnansweredInboundAt?: string | null;
  }): Promise<void> {
    const candidateId = `cand_${application.id}`;
    await this.client.query(`INSERT INTO candidates (id, name, email, as_of) VALUES ($1, $2, $3, now())`, [
      candidateId,
      application.candidateName,
      `${candidateId}@example.com`,
    ]);
    await this.client.query(
      `INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind,
         stage_entered_at, url, applied_at, snoozed_until, awaiting_feedback_since, oldest_unanswered_inbound_at,
         last_event_at)
       VALUES ($1, $2, $3, 'canonical', $4, $5, $6, '2026-11-01T00:00:00Z', $7, '2026-10-15T00:00:00Z',
         $8, $9, $10, now())`,
      [
        application.id,
        candidateId,
        application.jobId,
        application.status ?? 'active',
        application.stageName ?? 'Onsite',
        application.stageKind ?? 'interview',
        application.url === undefined
          ? `https://ats.example.com/applications/${application.id}`
          : application.url,
        application.snoozedUntil ?? null,
        application.awaitingFeedbackSince ?? null,
        application.oldestUnansweredInboundAt ?? null,
      ],
    );
  }

  async flag(flag: FlagRow): Promise<void> {
    await this.client.query(
      `INSERT INTO flags (id, application_id, kind, action, severity, severity_rank, cause, status,
         raised_at, waiting_since, details)
       VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        flag.id ?? null,
        flag.applicationId,
        flag.kind,
        flag.action,
        flag.severity,
        severityRank(flag.severity),
        `${flag.kind}:${flag.waitingSince}`,
        flag.status ?? 'open',
        flag.raisedAt,
        flag.waitingSince,
        JSON.stringify(flag.details ?? {}),
      ],
    );
  }

  /** A notification keepwarm already sent about an application. */
  async sent(applicationId: string, kind: 'keep_warm' | 'feedback_reminder', sentAt: string): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications (kind, idempotency_key, application_id, recipient_role, scheduled_for,
         status, sent_at)
       VALUES ($1, $2, $3, $4, $5, 'sent', $5)`,
      [
        kind,
        `${kind}:${applicationId}:${sentAt}`,
        applicationId,
        kind === 'keep_warm' ? 'candidate' : 'hiring_manager',
        sentAt,
      ],
    );
  }

  /** An automatic update keepwarm still has to send about an application. */
  async planned(applicationId: string, scheduledFor: string): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications (kind, idempotency_key, application_id, recipient_role, scheduled_for, status)
       VALUES ('keep_warm', $1, $2, 'candidate', $3, 'pending')`,
      [`keep_warm:${applicationId}:planned:${scheduledFor}`, applicationId, scheduledFor],
    );
  }

  async feedbackPeriod(period: {
    applicationId: string;
    hiringManagerId: string;
    startedAt: string;
    endedAt: string | null;
    endedBy?: string | null;
  }): Promise<void> {
    await this.client.query(
      `INSERT INTO feedback_periods (application_id, started_at, hiring_manager_id, ended_at, ended_by)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        period.applicationId,
        period.startedAt,
        period.hiringManagerId,
        period.endedAt,
        period.endedBy === undefined ? (period.endedAt ? 'feedback' : null) : period.endedBy,
      ],
    );
  }

  async digestRows(): Promise<
    Array<{ recruiter_id: string; local_date: string; status: string; item_count: number }>
  > {
    const result = await this.client.query<{
      recruiter_id: string;
      local_date: string;
      status: string;
      item_count: number;
    }>(
      `SELECT recruiter_id, local_date::text AS local_date, status, item_count FROM digests
        ORDER BY recruiter_id, local_date`,
    );
    return result.rows;
  }

  async digestNotifications(): Promise<
    Array<{
      idempotency_key: string;
      recipient_role: string;
      recipient_person_id: string;
      status: string;
      reason: string | null;
      digest_id: string;
    }>
  > {
    const result = await this.client.query<{
      idempotency_key: string;
      recipient_role: string;
      recipient_person_id: string;
      status: string;
      reason: string | null;
      digest_id: string;
    }>(
      `SELECT idempotency_key, recipient_role, recipient_person_id, status, reason, digest_id
         FROM notifications WHERE kind = 'digest' ORDER BY idempotency_key`,
    );
    return result.rows;
  }
}
