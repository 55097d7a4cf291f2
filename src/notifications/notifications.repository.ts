import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { updatedRows } from '../infra/database/query-results';
import type { NotificationCount, NotificationDraft } from './notification-contracts';
import type { AutomaticUpdate } from './notification-planning';
import { deliveryStateOf, type DeliveryState } from './delivery-guards';
import { sendRecordableStatuses } from './delivery-recording';

export type { DeliveryState };
import type { NotificationKind, NotificationStatus } from './notification.entity';

export interface CandidateContact {
  id: string;
  email: string | null;
  sourceKind: string | null;
  agencyEmail: string | null;
  canEmail: boolean;
  optedOutAt: Date | null;
  erasedAt: Date | null;
}

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  recipientRole: string;
  recipientPersonId: string | null;
  status: NotificationStatus;
  reason: string | null;
  scheduledFor: Date;
  sentAt: Date | null;
  cursorAt: string;
}

const deliveryColumns = `
  n.id, n.kind, n.status, n.application_id, n.candidate_id, n.recipient_role, n.scheduled_for,
  a.status AS application_status, a.stage_kind, a.snoozed_until,
  (a.oldest_unanswered_inbound_at IS NOT NULL) AS awaiting_human_reply,
  c.id AS c_id, c.opted_out_at IS NOT NULL AS c_opted_out, c.can_email AS c_can_email,
  c.erased_at IS NOT NULL AS c_erased, c.timezone AS c_timezone, c.country AS c_country,
  p.id AS p_id, p.timezone AS p_timezone, p.country AS p_country`;
const deliveryJoins = `
  LEFT JOIN applications a ON a.id = n.application_id
  LEFT JOIN candidates c ON c.id = n.candidate_id
  LEFT JOIN people p ON p.id = n.recipient_person_id`;

/** The only place notifications speak SQL. Every method runs in the caller's transaction (or manager). */
@Injectable()
export class NotificationsRepository {
  /** INSERT ... ON CONFLICT (idempotency_key) DO NOTHING: the same flag occurrence never yields two rows. */
  async insert(manager: EntityManager, draft: NotificationDraft): Promise<{ id: string; created: boolean }> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO notifications (kind, idempotency_key, application_id, candidate_id, flag_id, digest_id,
         recipient_role, recipient_person_id, scheduled_for, status, reason, context)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [
        draft.kind,
        draft.idempotencyKey,
        draft.applicationId ?? null,
        draft.candidateId ?? null,
        draft.flagId ?? null,
        draft.digestId ?? null,
        draft.recipientRole,
        draft.recipientPersonId ?? null,
        draft.scheduledFor,
        draft.status ?? 'pending',
        draft.reason ?? null,
        JSON.stringify(draft.context ?? {}),
      ],
    );
    if (inserted.length > 0) return { id: inserted[0].id, created: true };
    const existing: Array<{ id: string }> = await manager.query(
      `SELECT id FROM notifications WHERE idempotency_key = $1`,
      [draft.idempotencyKey],
    );
    return { id: existing[0].id, created: false };
  }

  async keysOfApplication(manager: EntityManager, applicationId: string): Promise<Set<string>> {
    const rows: Array<{ idempotency_key: string }> = await manager.query(
      `SELECT idempotency_key FROM notifications WHERE application_id = $1`,
      [applicationId],
    );
    return new Set(rows.map((row) => row.idempotency_key));
  }

  async candidateContact(manager: EntityManager, candidateId: string): Promise<CandidateContact | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, email, source_kind, agency_email, can_email, opted_out_at, erased_at FROM candidates WHERE id = $1`,
      [candidateId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: String(row.id),
      email: (row.email as string | null) ?? null,
      sourceKind: (row.source_kind as string | null) ?? null,
      agencyEmail: (row.agency_email as string | null) ?? null,
      canEmail: row.can_email !== false,
      optedOutAt: (row.opted_out_at as Date | null) ?? null,
      erasedAt: (row.erased_at as Date | null) ?? null,
    };
  }

  async personEmail(manager: EntityManager, personId: string): Promise<string | null> {
    const rows: Array<{ email: string | null }> = await manager.query(
      `SELECT email FROM people WHERE id = $1`,
      [personId],
    );
    return rows[0]?.email ?? null;
  }

  /** Serialises caps and gaps per candidate across concurrent sweeps, until commit. */
  async lockCandidate(manager: EntityManager, candidateId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('notify-candidate:' || $1, 0))`, [
      candidateId,
    ]);
  }

  /** Keep-warm updates in `statuses` to the candidate or of the application, with when they went (or go) out. */
  async automaticUpdates(
    manager: EntityManager,
    candidateId: string,
    applicationId: string,
    statuses: readonly NotificationStatus[],
  ): Promise<AutomaticUpdate[]> {
    const rows: Array<{
      application_id: string | null;
      candidate_id: string | null;
      sent_at: Date | null;
      scheduled_for: Date;
    }> = await manager.query(
      `SELECT application_id, candidate_id, sent_at, scheduled_for FROM notifications
       WHERE (candidate_id = $1 OR application_id = $2) AND kind = 'keep_warm' AND status = ANY($3::text[])`,
      [candidateId, applicationId, statuses],
    );
    return rows.map((row) => ({
      applicationId: row.application_id,
      candidateId: row.candidate_id,
      sentAt: row.sent_at,
      scheduledFor: row.scheduled_for,
    }));
  }

  /** The last outbound contact by a person on the application, and the last recruiter action on it. */
  async humanActs(
    manager: EntityManager,
    applicationId: string,
  ): Promise<{ lastHumanOutboundContactAt: Date | null; lastRecruiterActionAt: Date | null }> {
    const rows: Array<{ contact: Date | null; action: Date | null }> = await manager.query(
      `SELECT (SELECT last_human_outbound_contact_at FROM applications WHERE id = $1) AS contact,
              (SELECT max(at) FROM recruiter_actions WHERE application_id = $1) AS action`,
      [applicationId],
    );
    return {
      lastHumanOutboundContactAt: rows[0]?.contact ?? null,
      lastRecruiterActionAt: rows[0]?.action ?? null,
    };
  }

  /** Notifications of an application in `of.statuses` and `of.kinds` become cancelled with `reason`, except `keepKeys`. */
  async cancelOpenOfApplication(
    manager: EntityManager,
    applicationId: string,
    reason: string,
    keepKeys: readonly string[],
    of: { kinds: readonly NotificationKind[]; statuses: readonly NotificationStatus[] },
  ): Promise<Array<{ id: string; kind: NotificationKind }>> {
    return updatedRows<{ id: string; kind: NotificationKind }>(
      await manager.query(
        `UPDATE notifications SET status = 'cancelled', reason = $2, updated_at = now()
       WHERE application_id = $1 AND status = ANY($4::text[]) AND kind = ANY($5::text[])
         AND NOT (idempotency_key = ANY($3::text[]))
       RETURNING id, kind`,
        [applicationId, reason, keepKeys, of.statuses, of.kinds],
      ),
    );
  }

  /** Opt-out: the candidate's automatic updates still waiting are cancelled. */
  async cancelKeepWarmOfCandidate(
    manager: EntityManager,
    candidateId: string,
    reason: string,
  ): Promise<number> {
    const rows = updatedRows(
      await manager.query(
        `UPDATE notifications SET status = 'cancelled', reason = $2, updated_at = now()
         WHERE candidate_id = $1 AND kind = 'keep_warm' AND status IN ('pending', 'queued')
         RETURNING id`,
        [candidateId, reason],
      ),
    );
    return rows.length;
  }

  /** Erasure: no address of theirs stays in the outbox, and what was still waiting is cancelled. */
  async forgetCandidate(manager: EntityManager, candidateId: string): Promise<void> {
    await manager.query(
      `UPDATE notifications SET recipient_email = NULL,
         status = CASE WHEN status IN ('pending', 'queued') THEN 'cancelled' ELSE status END,
         reason = CASE WHEN status IN ('pending', 'queued') THEN 'candidate_erased' ELSE reason END
       WHERE candidate_id = $1`,
      [candidateId],
    );
  }

  /** Claims due pending rows for the relay; other relays skip them until commit. */
  async claimDue(manager: EntityManager, now: Date, limit: number): Promise<DeliveryState[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${deliveryColumns} FROM notifications n ${deliveryJoins}
       WHERE n.status = 'pending' AND n.scheduled_for <= $1
       ORDER BY n.scheduled_for
       LIMIT $2
       FOR UPDATE OF n SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toDeliveryState);
  }

  /** Queued rows not touched for a while: their job may have vanished with Redis. Touching them spaces out re-checks. */
  async claimStaleQueued(manager: EntityManager, olderThan: Date, limit: number): Promise<string[]> {
    const rows = updatedRows<{ id: string }>(
      await manager.query(
        `UPDATE notifications SET updated_at = now()
       WHERE id IN (SELECT id FROM notifications WHERE status = 'queued' AND updated_at < $1
                    ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
        [olderThan, limit],
      ),
    );
    return rows.map((row) => row.id);
  }

  async lockForDelivery(manager: EntityManager, id: string): Promise<DeliveryState | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT ${deliveryColumns} FROM notifications n ${deliveryJoins} WHERE n.id = $1 FOR UPDATE OF n`,
      [id],
    );
    return rows[0] ? toDeliveryState(rows[0]) : null;
  }

  async setStatus(
    manager: EntityManager,
    ids: readonly string[],
    status: NotificationStatus,
    reason: string | null,
  ): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE notifications SET status = $2, reason = $3, updated_at = now() WHERE id = ANY($1::uuid[])`,
      [ids, status, reason],
    );
  }

  async reschedule(manager: EntityManager, id: string, scheduledFor: Date): Promise<void> {
    await manager.query(`UPDATE notifications SET scheduled_for = $2, updated_at = now() WHERE id = $1`, [
      id,
      scheduledFor,
    ]);
  }

  /** Back to pending until `until` (a snooze started after the row was queued). */
  async holdUntil(manager: EntityManager, id: string, until: Date): Promise<void> {
    await manager.query(
      `UPDATE notifications SET status = 'pending', scheduled_for = $2, updated_at = now() WHERE id = $1`,
      [id, until],
    );
  }

  async recordAttempt(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE notifications SET attempts = attempts + 1, updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  async recordRetry(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE notifications SET reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, reason],
    );
  }

  /** queued -> sent; false when the row was no longer queued (sent by a twin). */
  async markSent(
    manager: EntityManager,
    id: string,
    sent: { at: Date; messageId: string; response: string; recipientEmail: string },
  ): Promise<boolean> {
    const rows = updatedRows(
      await manager.query(
        `UPDATE notifications n SET status = 'sent', reason = NULL, sent_at = $2, message_id = $3, provider_response = $4,
         recipient_email = CASE WHEN EXISTS (SELECT 1 FROM candidates c WHERE c.id = n.candidate_id AND c.erased_at IS NOT NULL)
                           THEN NULL ELSE $5 END,
         updated_at = now()
       WHERE n.id = $1 AND n.status = ANY($6::text[])
       RETURNING n.id`,
        [
          id,
          sent.at,
          sent.messageId,
          sent.response.slice(0, 1000),
          sent.recipientEmail,
          sendRecordableStatuses,
        ],
      ),
    );
    return rows.length > 0;
  }

  async markFailed(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.query(
      `UPDATE notifications SET status = 'failed', reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, reason],
    );
  }

  /** Keyset page in (created_at, id) order; `after` is the last row's (created_at text, id). */
  async page(
    manager: EntityManager,
    filter: { applicationId?: string; after?: { at: string; id: string } },
    limit: number,
  ): Promise<NotificationRow[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT id, kind, recipient_role, recipient_person_id, status, reason, scheduled_for, sent_at,
         to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM notifications
       WHERE ($1::text IS NULL OR application_id = $1)
         AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
       ORDER BY created_at, id
       LIMIT $4`,
      [filter.applicationId ?? null, filter.after?.at ?? null, filter.after?.id ?? null, limit],
    );
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind as NotificationKind,
      recipientRole: String(row.recipient_role),
      recipientPersonId: (row.recipient_person_id as string | null) ?? null,
      status: row.status as NotificationStatus,
      reason: (row.reason as string | null) ?? null,
      scheduledFor: row.scheduled_for as Date,
      sentAt: (row.sent_at as Date | null) ?? null,
      cursorAt: String(row.cursor_at),
    }));
  }

  /** How many notifications there are of each kind, status and reason. */
  async countsByOutcome(manager: EntityManager): Promise<NotificationCount[]> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT kind, status, COALESCE(reason, 'none') AS reason, count(*)::int AS count
         FROM notifications GROUP BY kind, status, COALESCE(reason, 'none')
        ORDER BY kind, status, reason`,
    );
    return rows.map((row) => ({
      kind: String(row.kind),
      status: String(row.status),
      reason: String(row.reason),
      count: Number(row.count),
    }));
  }

  async pendingCount(manager: EntityManager): Promise<number> {
    const rows: Array<{ count: string }> = await manager.query(
      `SELECT count(*) AS count FROM notifications WHERE status = 'pending'`,
    );
    return Number(rows[0]?.count ?? 0);
  }
}

function toDeliveryState(row: Record<string, unknown>): DeliveryState {
  const text = (value: unknown) => (value as string | null) ?? null;
  return deliveryStateOf({
    id: String(row.id),
    kind: row.kind as NotificationKind,
    status: row.status as NotificationStatus,
    applicationId: text(row.application_id),
    candidateId: text(row.candidate_id),
    recipientRole: String(row.recipient_role),
    scheduledFor: row.scheduled_for as Date,
    applicationStatus: text(row.application_status),
    stageKind: text(row.stage_kind),
    snoozedUntil: (row.snoozed_until as Date | null) ?? null,
    awaitingHumanReply: row.awaiting_human_reply === true,
    candidate: row.c_id
      ? {
          optedOut: row.c_opted_out === true,
          canEmail: (row.c_can_email as boolean | null) ?? null,
          erased: row.c_erased === true,
          timezone: text(row.c_timezone),
          country: text(row.c_country),
        }
      : null,
    person: row.p_id ? { timezone: text(row.p_timezone), country: text(row.p_country) } : null,
  });
}

export interface KeepWarmContext {
  recipientRole: string;
  context: Record<string, unknown>;
  candidateId: string;
  candidateName: string | null;
  candidateEmail: string | null;
  candidateTimezone: string | null;
  agencyEmail: string | null;
  agencyName: string | null;
  erased: boolean;
  stageName: string;
  stageKind: string;
  jobTitle: string;
  recruiterName: string | null;
  recruiterEmail: string | null;
  recruiterTimezone: string | null;
}

export interface FeedbackReminderContext {
  context: Record<string, unknown>;
  managerName: string | null;
  managerEmail: string | null;
  managerTimezone: string | null;
  managerCountry: string | null;
  candidateName: string | null;
  stageName: string;
  stageKind: string;
  applicationUrl: string | null;
  jobTitle: string;
  recruiterName: string | null;
  recruiterEmail: string | null;
}

/** Reads what the built-in templates need at send time: people are looked up now, never stored in the outbox. */
@Injectable()
export class RenderingQueries {
  async keepWarm(manager: EntityManager, notificationId: string): Promise<KeepWarmContext | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT n.recipient_role, n.context, c.id AS candidate_id, c.name AS candidate_name, c.email AS candidate_email,
         c.timezone AS candidate_timezone, c.agency_email, c.agency_name, (c.erased_at IS NOT NULL) AS erased,
         a.stage_name, a.stage_kind, j.title AS job_title,
         r.name AS recruiter_name, r.email AS recruiter_email, r.timezone AS recruiter_timezone
       FROM notifications n
       JOIN applications a ON a.id = n.application_id
       JOIN candidates c ON c.id = a.candidate_id
       JOIN jobs j ON j.id = a.job_id
       LEFT JOIN people r ON r.id = j.recruiter_id
       WHERE n.id = $1`,
      [notificationId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      recipientRole: String(row.recipient_role),
      context: (row.context as Record<string, unknown>) ?? {},
      candidateId: String(row.candidate_id),
      candidateName: text(row.candidate_name),
      candidateEmail: text(row.candidate_email),
      candidateTimezone: text(row.candidate_timezone),
      agencyEmail: text(row.agency_email),
      agencyName: text(row.agency_name),
      erased: row.erased === true,
      stageName: String(row.stage_name),
      stageKind: String(row.stage_kind),
      jobTitle: String(row.job_title),
      recruiterName: text(row.recruiter_name),
      recruiterEmail: text(row.recruiter_email),
      recruiterTimezone: text(row.recruiter_timezone),
    };
  }

  async feedbackReminder(
    manager: EntityManager,
    notificationId: string,
  ): Promise<FeedbackReminderContext | null> {
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT n.context, m.name AS manager_name, m.email AS manager_email, m.timezone AS manager_timezone,
         m.country AS manager_country, c.name AS candidate_name, a.stage_name, a.stage_kind, a.url, j.title AS job_title,
         r.name AS recruiter_name, r.email AS recruiter_email
       FROM notifications n
       JOIN applications a ON a.id = n.application_id
       JOIN candidates c ON c.id = a.candidate_id
       JOIN jobs j ON j.id = a.job_id
       LEFT JOIN people m ON m.id = n.recipient_person_id
       LEFT JOIN people r ON r.id = j.recruiter_id
       WHERE n.id = $1`,
      [notificationId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      context: (row.context as Record<string, unknown>) ?? {},
      managerName: text(row.manager_name),
      managerEmail: text(row.manager_email),
      managerTimezone: text(row.manager_timezone),
      managerCountry: text(row.manager_country),
      candidateName: text(row.candidate_name),
      stageName: String(row.stage_name),
      stageKind: String(row.stage_kind),
      applicationUrl: text(row.url),
      jobTitle: String(row.job_title),
      recruiterName: text(row.recruiter_name),
      recruiterEmail: text(row.recruiter_email),
    };
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
