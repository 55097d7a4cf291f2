import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { OutboxRelayNudge } from '../notifications/outbox-relay-nudge';
import { OutboxService } from '../notifications/outbox.service';
import {
  createCalendars,
  earliestLocalInstant,
  localDateOf,
  type Calendars,
  type LocalDate,
} from '../policy';
import { ComposedDigest, composeDigest } from './compose/compose-digest';
import type { DigestStatus } from './digest.entity';
import { DigestsRepository, RecruiterDigestItem, RecruiterRow } from './digests.repository';
import {
  applicationIdsOf,
  storedDigestContent,
  withCandidateNames,
  withoutCandidateNames,
} from './stored-digest';

// Composes and queues recruiters' daily digests (docs/rules.md, "Digest"). Idempotency is the
// database's: the unique (recruiter_id, local_date) index decides which caller stores a digest,
// and only that caller hands it to the outbox, in the same transaction.

export type QueueOutcome = 'queued' | 'skipped' | 'suppressed' | 'exists';

export interface QueueOptions {
  /** true for POST /v1/digests: recorded on the notification so a forced send is recognisable. */
  explicit: boolean;
}

export interface QueueSummary {
  /** Digests stored and handed to the outbox by this call. */
  queued: number;
  /** Digests stored by this call without an email: empty (skip_empty) or no recruiter address. */
  skipped: number;
  /** Digests this call found already stored: once per recruiter and date. */
  existing: number;
}

export interface DigestTarget {
  recruiter: RecruiterRow;
  localDate: string;
}

/** YYYY-MM-DD of a local date. */
export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function parseLocalDate(value: string): LocalDate {
  const [year, month, day] = value.split('-').map(Number);
  return { year, month, day };
}

function minutesOfDay(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return hours * 60 + minutes;
}

// Bounded parallelism for the per-recruiter transactions: enough to overlap round trips, well
// under the connection pool so API requests still find a connection.
const queueConcurrency = 4;
const composeChunk = 1000;

@Injectable()
export class DigestsService {
  private readonly logger = new Logger(DigestsService.name);
  private readonly calendars: Calendars;

  constructor(
    private readonly repository: DigestsRepository,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly relay: OutboxRelayNudge,
  ) {
    this.calendars = createCalendars(config.policy);
  }

  /** The recruiter's timezone (their own, else the policy's). */
  timezoneOf(recruiter: Pick<RecruiterRow, 'timezone' | 'country'>): string {
    return this.calendars.forPerson(recruiter).timezone;
  }

  localToday(recruiter: Pick<RecruiterRow, 'timezone' | 'country'>, now: Date): string {
    return formatLocalDate(localDateOf(now, this.timezoneOf(recruiter)));
  }

  /** A recruiter of at least one job, or null. */
  async findRecruiter(recruiterId: string): Promise<RecruiterRow | null> {
    const [recruiter] = await this.repository.recruiters([recruiterId]);
    return recruiter ?? null;
  }

  async allRecruiters(): Promise<RecruiterRow[]> {
    return this.repository.recruiters();
  }

  /** Someone whose digest can be read: a current recruiter, or anyone with a stored digest. */
  async findDigestReader(recruiterId: string): Promise<RecruiterRow | null> {
    const recruiter = await this.findRecruiter(recruiterId);
    if (recruiter) return recruiter;
    if (!(await this.repository.hasAnyDigest(recruiterId))) return null;
    return (
      (await this.repository.person(recruiterId)) ?? {
        id: recruiterId,
        name: null,
        email: null,
        timezone: null,
        country: null,
      }
    );
  }

  async composeFor(recruiterId: string, localDate: string, now: Date): Promise<ComposedDigest | null> {
    const recruiter = await this.findDigestReader(recruiterId);
    if (!recruiter) return null;
    const [digest] = await this.composeMany([{ recruiter, localDate }], now);
    return digest;
  }

  /** The recruiter desk, where a digest's entries beyond the cap are listed. */
  get deskUrl(): string {
    return `${this.config.env.publicBaseUrl}/app`;
  }

  /**
   * Four queries for any number of recruiters: recruiters (by the caller), their open flags, manager
   * stats, and each one's previous digest (what "new" is measured against).
   */
  async composeMany(targets: readonly DigestTarget[], now: Date): Promise<ComposedDigest[]> {
    const ids = [...new Set(targets.map((target) => target.recruiter.id))];
    const [items, stats, previous] = await Promise.all([
      this.repository.openItems(ids, now),
      this.repository.managerStats(ids, now),
      this.repository.previousDigests(
        targets.map((target) => ({ recruiterId: target.recruiter.id, localDate: target.localDate })),
      ),
    ]);
    const itemsByRecruiter = new Map<string, RecruiterDigestItem[]>();
    for (const item of items) {
      const list = itemsByRecruiter.get(item.recruiterId) ?? [];
      list.push(item);
      itemsByRecruiter.set(item.recruiterId, list);
    }
    return targets.map(({ recruiter, localDate }) =>
      composeDigest({
        recruiter: {
          id: recruiter.id,
          name: recruiter.name || recruiter.id,
          timezone: this.timezoneOf(recruiter),
        },
        calendar: this.calendars.forPerson(recruiter),
        localDate,
        now,
        previous: previous.get(`${recruiter.id}|${localDate}`) ?? null,
        maxCandidates: this.config.policy.digest.max_candidates,
        deskUrl: this.deskUrl,
        items: itemsByRecruiter.get(recruiter.id) ?? [],
        managerStats: stats.get(recruiter.id) ?? [],
      }),
    );
  }

  /** Composes and queues one recruiter's digest for a date, once. */
  async queueDigest(
    recruiterId: string,
    localDate: string,
    now: Date,
    options: QueueOptions,
  ): Promise<QueueOutcome | null> {
    const recruiter = await this.findRecruiter(recruiterId);
    if (!recruiter) return null;
    const [outcome] = await this.queueMany([{ recruiter, localDate }], now, options);
    return outcome;
  }

  /** Every target's digest, once per recruiter and date; already stored ones are not composed again. */
  async queueMany(
    targets: readonly DigestTarget[],
    now: Date,
    options: QueueOptions,
  ): Promise<QueueOutcome[]> {
    const existing = await this.repository.existingDigestKeys(
      targets.map((target) => ({ recruiterId: target.recruiter.id, localDate: target.localDate })),
    );
    const outcomes: QueueOutcome[] = targets.map(() => 'exists');
    const pending = targets
      .map((target, index) => ({ target, index }))
      .filter(({ target }) => !existing.has(`${target.recruiter.id}|${target.localDate}`));
    if (pending.length === 0) return outcomes;

    // Composed in chunks: one flags query per chunk keeps memory flat however many recruiters there are.
    for (let start = 0; start < pending.length; start += composeChunk) {
      const chunk = pending.slice(start, start + composeChunk);
      const composed = await this.composeMany(
        chunk.map(({ target }) => target),
        now,
      );
      let next = 0;
      const worker = async () => {
        while (next < chunk.length) {
          const position = next++;
          const { target, index } = chunk[position];
          outcomes[index] = await this.store(target.recruiter, composed[position], now, options);
        }
      };
      await Promise.all(Array.from({ length: Math.min(queueConcurrency, chunk.length) }, worker));
    }
    if (outcomes.includes('queued')) await this.relay.nudge();
    return outcomes;
  }

  /** POST /v1/digests: one recruiter or all, their local today or the given date, whatever the schedule says. */
  async queueRequested(
    recruiters: readonly RecruiterRow[],
    date: string | null,
    now: Date,
  ): Promise<QueueSummary> {
    const targets = recruiters.map((recruiter) => ({
      recruiter,
      localDate: date ?? this.localToday(recruiter, now),
    }));
    return summarise(await this.queueMany(targets, now, { explicit: true }));
  }

  /**
   * The scheduled run: every recruiter whose digest time (policy digest.local_time on their local
   * date, DST-correct) has passed, who has no digest for that date yet, and, with business_days_only,
   * for whom today is a business day (weekends and their country's public holidays).
   */
  async queueDue(now: Date): Promise<QueueSummary> {
    const { digest } = this.config.policy;
    const minutes = minutesOfDay(digest.local_time);
    const targets: DigestTarget[] = [];
    for (const recruiter of await this.repository.recruiters()) {
      const calendar = this.calendars.forPerson(recruiter);
      const today = localDateOf(now, calendar.timezone);
      if (now.getTime() < earliestLocalInstant(today, minutes, calendar.timezone)) continue;
      if (digest.business_days_only && !calendar.isBusinessDay(now)) continue;
      targets.push({ recruiter, localDate: formatLocalDate(today) });
    }
    const summary = summarise(await this.queueMany(targets, now, { explicit: false }));
    if (summary.queued + summary.skipped > 0)
      this.logger.log(`digests: ${summary.queued} queued, ${summary.skipped} skipped`);
    return summary;
  }

  /** The digest stored for a date, with its candidates' names as they are now; null when none is stored. */
  async storedDigest(recruiterId: string, localDate: string): Promise<ComposedDigest | null> {
    const stored = await this.repository.findStored(recruiterId, localDate);
    return stored ? this.withNames(storedDigestContent(stored.content, this.deskUrl)) : null;
  }

  async withNames(digest: ComposedDigest, manager?: EntityManager): Promise<ComposedDigest> {
    return withCandidateNames(
      digest,
      await this.repository.candidateNames(applicationIdsOf(digest), manager),
    );
  }

  private async store(
    recruiter: RecruiterRow,
    digest: ComposedDigest,
    now: Date,
    options: QueueOptions,
  ): Promise<QueueOutcome> {
    const skip = digest.is_empty && this.config.policy.digest.skip_empty;
    const email = recruiter.email?.trim() || null;
    const status: DigestStatus = skip ? 'skipped' : email ? 'queued' : 'suppressed';
    return this.repository.transaction(async (manager) => {
      const digestId = await this.repository.insertOnce(manager, {
        recruiterId: recruiter.id,
        localDate: digest.local_date,
        status,
        content: withoutCandidateNames(digest),
        itemCount: digest.counts.candidates,
      });
      if (!digestId) return 'exists';
      if (status === 'skipped') return 'skipped';
      // Only ever the recruiter: digests name candidates and managers, and go to no one else.
      await this.outbox.enqueue(manager, {
        kind: 'digest',
        idempotencyKey: `digest:${recruiter.id}:${digest.local_date}`,
        digestId,
        recipientRole: 'recruiter',
        recipientPersonId: recruiter.id,
        scheduledFor: now,
        ...(status === 'suppressed'
          ? { status: 'suppressed' as const, reason: 'recruiter_has_no_email' }
          : {}),
        context: {
          local_date: digest.local_date,
          candidates: digest.counts.candidates,
          trigger: options.explicit ? 'request' : 'schedule',
        },
      });
      return status;
    });
  }
}

function summarise(outcomes: readonly QueueOutcome[]): QueueSummary {
  const summary: QueueSummary = { queued: 0, skipped: 0, existing: 0 };
  for (const outcome of outcomes) {
    if (outcome === 'queued') summary.queued += 1;
    else if (outcome === 'exists') summary.existing += 1;
    else summary.skipped += 1;
  }
  return summary;
}
