import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { StageKind } from '../canonical/canonical-event.schema';
import type { FlagAction, FlagKind, Severity } from '../policy/types';
import type { DigestItem, ManagerFeedbackStats } from './compose/compose-digest';
import type { DigestStatus } from './digest.entity';

// The digest's SQL: who the recruiters are, their open flags with everything a line needs, their
// managers' time to feedback, and the digests table. Every read is batched over many recruiters
// so that composing a thousand digests costs a handful of queries, not a thousand.

export interface RecruiterRow {
  id: string;
  name: string | null;
  email: string | null;
  timezone: string | null;
  country: string | null;
}

export interface RecruiterDigestItem extends DigestItem {
  recruiterId: string;
}

export interface StoredDigest {
  id: string;
  recruiterId: string;
  localDate: string;
  status: DigestStatus;
  content: Record<string, unknown>;
  composedAt: Date;
}

export interface NewDigest {
  recruiterId: string;
  localDate: string;
  status: DigestStatus;
  content: object;
  itemCount: number;
}

const currentWait = '(a.awaiting_feedback_since IS NULL OR n.sent_at >= a.awaiting_feedback_since)';
const wentOut = "(n.status = 'sent' AND n.sent_at IS NOT NULL)";

/** Median feedback time covers this many days back from the digest's compose time. */
export const managerStatsWindowDays = 30;

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function asDates(value: unknown): Date[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry) => entry !== null).map(asDate);
}

@Injectable()
export class DigestsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** People who recruit for at least one job: the only people a digest is ever for. */
  async recruiters(ids?: readonly string[]): Promise<RecruiterRow[]> {
    const rows: RecruiterRow[] = await this.dataSource.query(
      `SELECT r.recruiter_id AS id, p.name, p.email, p.timezone, p.country
         FROM (SELECT DISTINCT recruiter_id FROM jobs WHERE recruiter_id IS NOT NULL
                 AND ($1::text[] IS NULL OR recruiter_id = ANY($1::text[]))) r
         LEFT JOIN people p ON p.id = r.recruiter_id
        ORDER BY r.recruiter_id`,
      [ids ? [...ids] : null],
    );
    return rows;
  }

  /** A recruiter's own details when they have a digest stored but no longer recruit for a job. */
  async person(id: string): Promise<RecruiterRow | null> {
    const rows: RecruiterRow[] = await this.dataSource.query(
      `SELECT id, name, email, timezone, country FROM people WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async hasAnyDigest(recruiterId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM digests WHERE recruiter_id = $1 LIMIT 1`,
      [recruiterId],
    );
    return rows.length > 0;
  }

  /**
   * The due-flags query: every open flag on an active, unsnoozed application of these recruiters' jobs,
   * with the candidate, job, stage, hiring manager and what keepwarm already sent. One statement for
   * any number of recruiters; the notification lookups ride on notifications_application_idx.
   */
  async openItems(recruiterIds: readonly string[], now: Date): Promise<RecruiterDigestItem[]> {
    if (recruiterIds.length === 0) return [];
    const rows = await this.dataSource.transaction(async (manager) => {
      // JIT compiling this wide plan costs seconds and saves nothing on a read of this size.
      await manager.query('SET LOCAL jit = off');
      const result: Array<Record<string, unknown>> = await manager.query(
        `SELECT j.recruiter_id, f.id AS flag_id, f.kind, f.action, f.severity, f.raised_at, f.waiting_since,
                f.details, a.id AS application_id, a.url, a.stage_name, a.stage_kind,
                a.oldest_unanswered_inbound_at, c.name AS candidate_name, j.title AS job_title,
                hm.name AS hiring_manager_name,
                sent.keep_warm_sent_at, sent.keep_warm_planned_at, sent.reminders, sent.last_reminder_at
           FROM jobs j
           JOIN applications a ON a.job_id = j.id AND a.status = 'active'
           JOIN flags f ON f.application_id = a.id AND f.status = 'open'
           LEFT JOIN candidates c ON c.id = a.candidate_id
           LEFT JOIN people hm ON hm.id = j.hiring_manager_id
           -- One index probe per line: cost grows with the open flags, not with the sending history.
           LEFT JOIN LATERAL (
             SELECT array_agg(n.sent_at ORDER BY n.sent_at) FILTER (WHERE n.kind = 'keep_warm' AND ${wentOut}) AS keep_warm_sent_at,
                    -- The update still to go out: a silence it will answer today is no job for the recruiter.
                    min(n.scheduled_for) FILTER (WHERE n.kind = 'keep_warm' AND n.status IN ('pending', 'queued')) AS keep_warm_planned_at,
                    -- Reminders about the current wait only: an earlier wait's reminders are history.
                    count(*) FILTER (WHERE n.kind = 'feedback_reminder' AND ${wentOut} AND ${currentWait})::int AS reminders,
                    max(n.sent_at) FILTER (WHERE n.kind = 'feedback_reminder' AND ${wentOut} AND ${currentWait}) AS last_reminder_at
               FROM notifications n
              WHERE n.application_id = a.id AND n.status IN ('sent', 'pending', 'queued')
                AND n.kind IN ('keep_warm', 'feedback_reminder')
           ) sent ON true
          WHERE j.recruiter_id = ANY($1::text[])
            -- A snooze hides the application until its time (docs/rules.md, "Snooze").
            AND (a.snoozed_until IS NULL OR a.snoozed_until <= $2)`,
        [[...recruiterIds], now],
      );
      return result;
    });
    return rows.map((row) => ({
      recruiterId: String(row.recruiter_id),
      flag: {
        id: String(row.flag_id),
        kind: row.kind as FlagKind,
        action: row.action as FlagAction,
        severity: row.severity as Severity,
        raisedAt: asDate(row.raised_at),
        waitingSince: asDate(row.waiting_since),
        details: (row.details as Record<string, unknown>) ?? {},
      },
      application: {
        id: String(row.application_id),
        url: (row.url as string | null) ?? null,
        stageName: String(row.stage_name),
        stageKind: row.stage_kind as StageKind,
        awaitingReplySince: row.oldest_unanswered_inbound_at
          ? asDate(row.oldest_unanswered_inbound_at)
          : null,
      },
      candidate: { name: (row.candidate_name as string | null) || 'Unnamed candidate' },
      job: { title: String(row.job_title) },
      hiringManager: row.hiring_manager_name ? { name: String(row.hiring_manager_name) } : null,
      automatic: {
        keepWarmSentAt: asDates(row.keep_warm_sent_at),
        keepWarmPlannedAt: row.keep_warm_planned_at ? asDate(row.keep_warm_planned_at) : null,
        managerRemindersSent: Number(row.reminders ?? 0),
        lastReminderAt: row.last_reminder_at ? asDate(row.last_reminder_at) : null,
      },
    }));
  }

  /**
   * Per recruiter, each hiring manager of their jobs with the median CLOCK hours (not business hours)
   * from the start of a wait to the manager's feedback, over waits that ended in feedback in the last
   * 30 days, across all of that manager's applications. Managers with no such wait come with null.
   */
  async managerStats(
    recruiterIds: readonly string[],
    now: Date,
  ): Promise<Map<string, ManagerFeedbackStats[]>> {
    const byRecruiter = new Map<string, ManagerFeedbackStats[]>();
    if (recruiterIds.length === 0) return byRecruiter;
    const rows: Array<{
      recruiter_id: string;
      manager_name: string | null;
      manager_id: string;
      median_hours: number | null;
      periods: number;
    }> = await this.dataSource.query(
      `WITH managers AS (
         SELECT DISTINCT recruiter_id, hiring_manager_id
           FROM jobs
          WHERE recruiter_id = ANY($1::text[]) AND hiring_manager_id IS NOT NULL AND status <> 'closed'
       ), stats AS (
         SELECT fp.hiring_manager_id,
                percentile_cont(0.5) WITHIN GROUP (
                  ORDER BY extract(epoch FROM fp.ended_at - fp.started_at) / 3600.0
                ) AS median_hours,
                count(*)::int AS periods
           FROM feedback_periods fp
          WHERE fp.hiring_manager_id IN (SELECT hiring_manager_id FROM managers)
            AND fp.ended_by = 'feedback'
            AND fp.ended_at > $2::timestamptz - make_interval(days => $3::int)
            AND fp.ended_at <= $2::timestamptz
          GROUP BY fp.hiring_manager_id
       )
       SELECT m.recruiter_id, m.hiring_manager_id AS manager_id, p.name AS manager_name,
              s.median_hours, coalesce(s.periods, 0) AS periods
         FROM managers m
         LEFT JOIN stats s ON s.hiring_manager_id = m.hiring_manager_id
         LEFT JOIN people p ON p.id = m.hiring_manager_id`,
      [[...recruiterIds], now, managerStatsWindowDays],
    );
    for (const row of rows) {
      const list = byRecruiter.get(row.recruiter_id) ?? [];
      list.push({
        managerName: row.manager_name || row.manager_id,
        medianHoursToFeedback:
          row.median_hours === null ? null : Math.round(Number(row.median_hours) * 10) / 10,
        periods: Number(row.periods),
      });
      byRecruiter.set(row.recruiter_id, list);
    }
    return byRecruiter;
  }

  /**
   * For each (recruiter, local date), the recruiter's latest digest stored for an earlier local date
   * that showed them something (skipped, empty digests showed nothing). Keys are `recruiter|date`.
   * Local dates, not instants, say which digest came before: each recruiter's own day, whatever
   * their timezone, and a weekend or holiday without a digest simply reaches back to the last one.
   */
  async previousDigests(
    pairs: ReadonlyArray<{ recruiterId: string; localDate: string }>,
  ): Promise<Map<string, { localDate: string; generatedAt: Date }>> {
    const previous = new Map<string, { localDate: string; generatedAt: Date }>();
    if (pairs.length === 0) return previous;
    const rows: Array<{
      recruiter_id: string;
      wanted_date: string;
      local_date: string;
      generated_at: string | null;
      composed_at: Date;
    }> = await this.dataSource.query(
      `SELECT wanted.recruiter_id, wanted.local_date::text AS wanted_date, d.local_date::text AS local_date,
              d.content->>'generated_at' AS generated_at, d.composed_at
         FROM unnest($1::text[], $2::date[]) AS wanted(recruiter_id, local_date)
         JOIN LATERAL (
           SELECT local_date, content, composed_at FROM digests
            WHERE recruiter_id = wanted.recruiter_id AND local_date < wanted.local_date AND status <> 'skipped'
            ORDER BY local_date DESC LIMIT 1
         ) d ON true`,
      [pairs.map((pair) => pair.recruiterId), pairs.map((pair) => pair.localDate)],
    );
    for (const row of rows) {
      // The instant the digest read the flags; the row's insert time only for content without one.
      const generated = row.generated_at ? new Date(row.generated_at) : null;
      previous.set(`${row.recruiter_id}|${row.wanted_date}`, {
        localDate: row.local_date,
        generatedAt: generated && !Number.isNaN(generated.getTime()) ? generated : asDate(row.composed_at),
      });
    }
    return previous;
  }

  /** Which of these (recruiter, local date) pairs already have a digest. Keys are `recruiter|date`. */
  async existingDigestKeys(
    pairs: ReadonlyArray<{ recruiterId: string; localDate: string }>,
  ): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: Array<{ recruiter_id: string; local_date: string }> = await this.dataSource.query(
      `SELECT d.recruiter_id, d.local_date::text AS local_date
         FROM digests d
         JOIN unnest($1::text[], $2::date[]) AS wanted(recruiter_id, local_date)
           ON d.recruiter_id = wanted.recruiter_id AND d.local_date = wanted.local_date`,
      [pairs.map((pair) => pair.recruiterId), pairs.map((pair) => pair.localDate)],
    );
    return new Set(rows.map((row) => `${row.recruiter_id}|${row.local_date}`));
  }

  /** Inserts the digest unless one exists for the recruiter and date; the id when this call inserted it. */
  async insertOnce(manager: EntityManager, digest: NewDigest): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO digests (recruiter_id, local_date, status, content, item_count)
       VALUES ($1, $2::date, $3, $4::jsonb, $5)
       ON CONFLICT (recruiter_id, local_date) DO NOTHING
       RETURNING id`,
      [digest.recruiterId, digest.localDate, digest.status, JSON.stringify(digest.content), digest.itemCount],
    );
    return rows[0]?.id ?? null;
  }

  async findStored(recruiterId: string, localDate: string): Promise<StoredDigest | null> {
    return this.mapStored(
      await this.dataSource.query(
        `SELECT id, recruiter_id, local_date::text AS local_date, status, content, composed_at
           FROM digests WHERE recruiter_id = $1 AND local_date = $2::date`,
        [recruiterId, localDate],
      ),
    );
  }

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<StoredDigest | null> {
    return this.mapStored(
      await manager.query(
        `SELECT id, recruiter_id, local_date::text AS local_date, status, content, composed_at
           FROM digests WHERE id = $1`,
        [id],
      ),
    );
  }

  /**
   * The digest a digest notification delivers and its recruiter's address now. Only notifications
   * addressed to the recruiter whose digest it is match: never a candidate or a manager.
   */
  async forNotification(
    notificationId: string,
    manager: EntityManager,
  ): Promise<{ content: Record<string, unknown>; recruiterEmail: string | null } | null> {
    const rows: Array<{ content: Record<string, unknown>; email: string | null }> = await manager.query(
      `SELECT d.content, p.email
         FROM notifications n
         JOIN digests d ON d.id = n.digest_id AND d.recruiter_id = n.recipient_person_id
         LEFT JOIN people p ON p.id = d.recruiter_id
        WHERE n.id = $1 AND n.kind = 'digest' AND n.recipient_role = 'recruiter'`,
      [notificationId],
    );
    const row = rows[0];
    return row ? { content: row.content, recruiterEmail: row.email?.trim() || null } : null;
  }

  /** Current candidate names by application id (erased candidates read as erased). */
  async candidateNames(
    applicationIds: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, string>> {
    if (applicationIds.length === 0) return new Map();
    const rows: Array<{ id: string; name: string | null }> = await manager.query(
      `SELECT a.id, c.name FROM applications a LEFT JOIN candidates c ON c.id = a.candidate_id
        WHERE a.id = ANY($1::text[])`,
      [[...applicationIds]],
    );
    return new Map(rows.filter((row) => row.name).map((row) => [row.id, row.name as string]));
  }

  private mapStored(rows: Array<Record<string, unknown>>): StoredDigest | null {
    const row = rows[0];
    if (!row) return null;
    return {
      id: String(row.id),
      recruiterId: String(row.recruiter_id),
      localDate: String(row.local_date),
      status: row.status as DigestStatus,
      content: row.content as Record<string, unknown>,
      composedAt: asDate(row.composed_at),
    };
  }
}
