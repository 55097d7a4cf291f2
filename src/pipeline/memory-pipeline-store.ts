import {
  ApplicationFold,
  distinctFeedbackPeriods,
  type ApplicationProjection,
  type PipelineEvent,
  type StageKindResolver,
} from './application-projection';
import { toFacts, type FactsRow, type LoadedApplication } from './application-facts';
import type { FeedbackPeriodRow } from './application-view';
import { DueQueue } from './due-queue';
import { ERASED } from './erasure';
import type { BatchWrite, LogEntry, PipelineStore, StoredEvent } from './pipeline-store';

// The pipeline's tables in memory, for the backtest: the same port as PostgreSQL (pipeline-store.ts)
// with the same outcome per call. Each write below says what the SQL of pipeline.repository.ts does;
// test/integration/backtest-agreement.test.ts replays one history through both and compares.

interface LogRow extends StoredEvent {
  seq: number;
  at: number;
  applicationId: string | null;
  candidateId: string | null;
  vendorPayload: unknown;
}

export interface MemoryApplication {
  id: string;
  projection: ApplicationProjection;
  /** The source it was first stored from: not changed by later events (as the applications row). */
  source: string;
  nextEvaluationAt: Date | null;
  snoozedUntil: Date | null;
  feedbackPeriods: Array<{
    startedAt: Date;
    hiringManagerId: string;
    endedAt: Date | null;
    endedBy: string | null;
  }>;
}

export interface MemoryPerson {
  id: string;
  name: string | null;
  email: string | null;
  timezone: string | null;
  country: string | null;
  asOf: number;
}

export interface MemoryJob {
  id: string;
  title: string;
  status: string;
  statusChangedAt: Date;
  recruiterId: string;
  hiringManagerId: string;
  asOf: number;
}

export interface MemoryCandidate {
  id: string;
  name: string | null;
  email: string | null;
  timezone: string | null;
  country: string | null;
  sourceKind: string | null;
  agencyName: string | null;
  agencyEmail: string | null;
  canEmail: boolean;
  optedOutAt: Date | null;
  erasedAt: Date | null;
  asOf: number;
}

/** An application's events in fold order and its recruiter's calendar (the backtest's silences). */
export interface ApplicationTimeline {
  id: string;
  recruiterTimezone: string | null;
  recruiterCountry: string | null;
  events: PipelineEvent[];
}

export class MemoryPipelineStore implements PipelineStore {
  private readonly stored = new Set<string>();
  private readonly rows = new Map<string, LogRow>();
  private readonly logs = new Map<string, LogRow[]>();
  private sequence = 0;
  private readonly applications = new Map<string, MemoryApplication>();
  private readonly byJob = new Map<string, Set<string>>();
  private readonly byCandidate = new Map<string, Set<string>>();
  private readonly people = new Map<string, MemoryPerson>();
  private readonly jobs = new Map<string, MemoryJob>();
  private readonly candidates = new Map<string, MemoryCandidate>();
  private readonly due = new DueQueue<string>();
  /** Per application, its fold so far and the log rows it has taken in. */
  private readonly folds = new Map<
    string,
    { fold: ApplicationFold; rows: number; last: LogRow | undefined }
  >();
  /** Applications whose log changed before its end (an early arrival, an erasure): folded again in full. */
  private readonly refold = new Set<string>();

  // ---- the port -----------------------------------------------------------------------------

  async lockApplicationsAndFindErased(
    _applicationIds: readonly string[],
    candidateIds: readonly string[],
  ): Promise<Set<string>> {
    return new Set(candidateIds.filter((id) => this.candidates.get(id)?.erasedAt));
  }

  async appendEventsAndReadLogs(
    entries: readonly LogEntry[],
    applicationIds: readonly string[],
  ): Promise<{ stored: Set<number>; logs: Map<string, StoredEvent[]> }> {
    const stored = new Set<number>();
    entries.forEach((entry, index) => {
      const key = `${entry.source}\u0000${entry.event.id}`;
      if (this.stored.has(key)) return;
      this.stored.add(key);
      stored.add(index);
      this.sequence += 1;
      const row: LogRow = {
        sequence: String(this.sequence),
        seq: this.sequence,
        source: entry.source,
        event: entry.event,
        at: Date.parse(entry.event.occurred_at),
        applicationId: entry.applicationId,
        candidateId: entry.candidateId,
        vendorPayload: entry.vendorPayload ?? null,
      };
      this.rows.set(row.sequence, row);
      if (row.applicationId !== null && !appendInFoldOrder(this.logOf(row.applicationId), row))
        this.refold.add(row.applicationId);
    });
    return { stored, logs: new Map(applicationIds.map((id) => [id, this.logOf(id)])) };
  }

  async saveBatch(batch: BatchWrite, dueAt: Date): Promise<string[]> {
    // Applications: every column from the fold (the source only when first stored), due at once.
    for (const { projection, source } of batch.applications) {
      let application = this.applications.get(projection.id);
      if (application) {
        this.reindex(this.byJob, application.projection.job.id, projection.job.id, projection.id);
        this.reindex(
          this.byCandidate,
          application.projection.candidate.id,
          projection.candidate.id,
          projection.id,
        );
        application.projection = projection;
      } else {
        application = {
          id: projection.id,
          projection,
          source,
          nextEvaluationAt: null,
          snoozedUntil: null,
          feedbackPeriods: [],
        };
        this.applications.set(projection.id, application);
        this.reindex(this.byJob, null, projection.job.id, projection.id);
        this.reindex(this.byCandidate, null, projection.candidate.id, projection.id);
      }
      this.setNextEvaluation(application, dueAt);
      application.feedbackPeriods = distinctFeedbackPeriods(projection).map((f) => ({
        startedAt: f.startedAt,
        hiringManagerId: projection.job.hiring_manager.id,
        endedAt: f.endedAt,
        endedBy: f.endedBy,
      }));
    }
    // People: an older snapshot never overrides a newer row; a placeholder name never replaces a real one.
    for (const merged of batch.people) {
      const asOf = Date.parse(merged.asOf);
      const row = this.people.get(merged.id);
      if (!row) {
        this.people.set(merged.id, { ...pick(merged), asOf });
      } else if (row.asOf <= asOf) {
        row.name = merged.namePlaceholder && row.name !== null ? row.name : merged.name;
        row.email = merged.email ?? row.email;
        row.timezone = merged.timezone ?? row.timezone;
        row.country = merged.country ?? row.country;
        row.asOf = asOf;
      }
    }
    // Jobs: a new row, or a status named and different from the row's, is a status change.
    const statusChanged: string[] = [];
    for (const merged of batch.jobs) {
      const asOf = Date.parse(merged.asOf);
      const row = this.jobs.get(merged.id);
      if (!row) {
        this.jobs.set(merged.id, {
          id: merged.id,
          title: merged.title,
          status: merged.insertStatus,
          statusChangedAt: new Date(merged.insertStatusChangedAt),
          recruiterId: merged.recruiterId,
          hiringManagerId: merged.hiringManagerId,
          asOf,
        });
        statusChanged.push(merged.id);
      } else if (row.asOf <= asOf) {
        const before = row.status;
        if (!merged.titlePlaceholder) row.title = merged.title;
        if (merged.status !== null && (merged.statusChangedWithin || merged.status !== before))
          row.statusChangedAt = new Date(merged.statusSince!);
        row.status = merged.status ?? before;
        if (!merged.recruiterUnassigned) row.recruiterId = merged.recruiterId;
        if (!merged.hiringManagerUnassigned) row.hiringManagerId = merged.hiringManagerId;
        row.asOf = asOf;
        if (row.status !== before || (merged.status !== null && merged.statusChangedWithin))
          statusChanged.push(merged.id);
      }
    }
    // Candidates: as people, and an erased candidate stays a tombstone.
    for (const merged of batch.candidates) {
      const asOf = Date.parse(merged.asOf);
      const row = this.candidates.get(merged.id);
      if (!row) {
        this.candidates.set(merged.id, {
          id: merged.id,
          name: merged.name,
          email: merged.email,
          timezone: merged.timezone,
          country: merged.country,
          sourceKind: merged.sourceKind,
          agencyName: merged.agencyName,
          agencyEmail: merged.agencyEmail,
          canEmail: merged.canEmail ?? true,
          optedOutAt: null,
          erasedAt: null,
          asOf,
        });
      } else if (row.asOf <= asOf && row.erasedAt === null) {
        row.name = merged.namePlaceholder && row.name !== null ? row.name : merged.name;
        row.email = merged.emailExact ? merged.email : (merged.email ?? row.email);
        row.timezone = merged.timezone ?? row.timezone;
        row.country = merged.country ?? row.country;
        row.sourceKind = merged.sourceKind ?? row.sourceKind;
        row.agencyName = merged.agencyName ?? row.agencyName;
        row.agencyEmail = merged.agencyEmail ?? row.agencyEmail;
        row.canEmail = merged.canEmail ?? row.canEmail;
        row.asOf = asOf;
      }
    }
    return statusChanged;
  }

  async markApplicationsDue(
    of: { jobIds: readonly string[]; candidateIds: readonly string[] },
    at: Date,
  ): Promise<void> {
    const ids = new Set<string>();
    for (const jobId of of.jobIds) for (const id of this.byJob.get(jobId) ?? []) ids.add(id);
    for (const candidateId of of.candidateIds)
      for (const id of this.byCandidate.get(candidateId) ?? []) ids.add(id);
    for (const id of ids) {
      const application = this.applications.get(id)!;
      if (application.projection.status !== 'active') continue;
      if (application.nextEvaluationAt === null || application.nextEvaluationAt > at)
        this.setNextEvaluation(application, at);
    }
  }

  async eraseCandidate(candidateId: string, at: Date): Promise<string[]> {
    const row = this.candidates.get(candidateId);
    if (!row) {
      this.candidates.set(candidateId, {
        id: candidateId,
        name: ERASED,
        email: null,
        timezone: null,
        country: null,
        sourceKind: null,
        agencyName: null,
        agencyEmail: null,
        canEmail: false,
        optedOutAt: at,
        erasedAt: at,
        asOf: at.getTime(),
      });
      return [];
    }
    const secrets = [row.name, row.email, row.agencyEmail, row.agencyName].filter(
      (value): value is string => !!value && value !== ERASED,
    );
    Object.assign(row, {
      name: ERASED,
      email: null,
      timezone: null,
      country: null,
      agencyName: null,
      agencyEmail: null,
      canEmail: false,
      erasedAt: at,
      optedOutAt: row.optedOutAt ?? at,
    });
    return secrets;
  }

  async storedPayloadsOfCandidate(
    candidateId: string,
  ): Promise<Array<{ sequence: string; payload: unknown; vendor_payload: unknown }>> {
    const applications = this.byCandidate.get(candidateId) ?? new Set<string>();
    return [...this.rows.values()]
      .filter(
        (row) =>
          row.candidateId === candidateId ||
          (row.applicationId !== null && applications.has(row.applicationId)),
      )
      .map((row) => ({ sequence: row.sequence, payload: row.event, vendor_payload: row.vendorPayload }));
  }

  async replaceStoredPayload(sequence: string, payload: unknown, vendorPayload: unknown): Promise<void> {
    const row = this.rows.get(sequence);
    if (!row) return;
    row.event = payload as PipelineEvent;
    row.vendorPayload = vendorPayload ?? null;
    if (row.applicationId !== null) this.refold.add(row.applicationId);
  }

  projectionOf(
    applicationId: string,
    log: readonly StoredEvent[],
    resolveKind: StageKindResolver,
  ): ApplicationProjection | null {
    let kept = this.folds.get(applicationId);
    const continues =
      kept !== undefined &&
      !this.refold.has(applicationId) &&
      kept.rows <= log.length &&
      (kept.rows === 0 || log[kept.rows - 1] === kept.last);
    if (!kept || !continues) {
      kept = { fold: new ApplicationFold(applicationId, resolveKind), rows: 0, last: undefined };
      this.folds.set(applicationId, kept);
      this.refold.delete(applicationId);
    }
    for (let index = kept.rows; index < log.length; index += 1) kept.fold.add(log[index].event);
    kept.rows = log.length;
    kept.last = log[log.length - 1] as LogRow | undefined;
    return kept.fold.projection();
  }

  // ---- what the sweep and the planner read, what the sweep writes ---------------------------

  /** The facts of these applications, as applications.repository.ts loads them. */
  loadFacts(applicationIds: readonly string[]): Map<string, LoadedApplication> {
    const loaded = new Map<string, LoadedApplication>();
    for (const id of applicationIds) {
      const application = this.applications.get(id);
      if (!application) continue;
      loaded.set(id, { facts: toFacts(this.factsRow(application)), snoozedUntil: application.snoozedUntil });
    }
    return loaded;
  }

  scheduleEvaluations(schedule: ReadonlyArray<{ id: string; nextEvaluationAt: Date | null }>): void {
    for (const { id, nextEvaluationAt } of schedule) {
      const application = this.applications.get(id);
      if (application) this.setNextEvaluation(application, nextEvaluationAt);
    }
  }

  /** The earliest next_evaluation_at, in ms, or null. */
  nextDueAt(): number | null {
    return this.due.peek();
  }

  /** Up to `limit` applications due at `now`, earliest first (the sweep's claim). */
  claimDue(now: Date, limit: number): string[] {
    return this.due.takeDue(now.getTime(), limit);
  }

  application(id: string): MemoryApplication | undefined {
    return this.applications.get(id);
  }

  candidate(id: string): MemoryCandidate | undefined {
    return this.candidates.get(id);
  }

  person(id: string): MemoryPerson | undefined {
    return this.people.get(id);
  }

  // ---- what the report reads ----------------------------------------------------------------

  applicationIds(): string[] {
    return [...this.applications.keys()].sort(compareText);
  }

  /** Every awaiting-feedback period with its hiring manager's calendar, as applications.repository.ts reads them. */
  feedbackPeriods(): FeedbackPeriodRow[] {
    const rows: Array<FeedbackPeriodRow & { applicationId: string }> = [];
    for (const application of this.applications.values()) {
      for (const period of application.feedbackPeriods) {
        const manager = this.people.get(period.hiringManagerId);
        rows.push({
          applicationId: application.id,
          managerId: period.hiringManagerId,
          managerName: manager?.name ?? null,
          timezone: manager?.timezone ?? null,
          country: manager?.country ?? null,
          startedAt: period.startedAt,
          endedAt: period.endedAt,
          endedBy: period.endedBy,
        });
      }
    }
    rows.sort(
      (a, b) =>
        compareText(a.managerId, b.managerId) ||
        a.startedAt.getTime() - b.startedAt.getTime() ||
        compareText(a.applicationId, b.applicationId),
    );
    return rows.map(({ applicationId: _applicationId, ...row }) => row);
  }

  /** Every application with its events in fold order and its recruiter's calendar. */
  timelines(): ApplicationTimeline[] {
    return this.applicationIds().map((id) => {
      const application = this.applications.get(id)!;
      const job = this.jobs.get(application.projection.job.id);
      const recruiter = job ? this.people.get(job.recruiterId) : undefined;
      return {
        id,
        recruiterTimezone: recruiter?.timezone ?? null,
        recruiterCountry: recruiter?.country ?? null,
        events: this.logOf(id).map((row) => row.event),
      };
    });
  }

  // ---- helpers ------------------------------------------------------------------------------

  private logOf(applicationId: string): LogRow[] {
    let log = this.logs.get(applicationId);
    if (!log) {
      log = [];
      this.logs.set(applicationId, log);
    }
    return log;
  }

  private setNextEvaluation(application: MemoryApplication, at: Date | null): void {
    application.nextEvaluationAt = at;
    this.due.set(application.id, at === null ? null : at.getTime());
  }

  /** Moves an application from one job's (or candidate's) list to another's. */
  private reindex(
    index: Map<string, Set<string>>,
    from: string | null,
    to: string,
    applicationId: string,
  ): void {
    if (from === to) return;
    if (from !== null) index.get(from)?.delete(applicationId);
    const set = index.get(to);
    if (set) set.add(applicationId);
    else index.set(to, new Set([applicationId]));
  }

  /** The row applications.repository.ts reads for the facts: the application and what it joins. */
  private factsRow(application: MemoryApplication): FactsRow {
    const p = application.projection;
    const candidate = this.candidates.get(p.candidate.id);
    const job = this.jobs.get(p.job.id);
    const recruiter = job ? this.people.get(job.recruiterId) : undefined;
    const manager = job ? this.people.get(job.hiringManagerId) : undefined;
    return {
      id: p.id,
      status: p.status,
      source: application.source,
      applied_at: p.appliedAt,
      stage_name: p.stageName,
      stage_kind: p.stageKind,
      stage_entered_at: p.stageEnteredAt,
      last_outbound_contact_at: p.lastOutboundContactAt,
      oldest_unanswered_inbound_at: p.oldestUnansweredInboundAt,
      awaiting_feedback_since: p.awaitingFeedbackSince,
      update_promised_at: p.updatePromisedAt,
      update_promised_by: p.updatePromisedBy,
      competing_offer_deadline: p.competingOfferDeadline,
      scheduling_clock_since: p.schedulingClockSince,
      scheduled_interviews_in_stage: p.scheduledInterviewsInStage,
      reschedules_in_stage: p.reschedulesInStage,
      snoozed_until: application.snoozedUntil,
      candidate_id: p.candidate.id,
      c_timezone: candidate?.timezone ?? null,
      c_country: candidate?.country ?? null,
      c_source_kind: candidate?.sourceKind ?? null,
      c_can_email: candidate ? candidate.canEmail : null,
      c_opted_out: candidate ? candidate.optedOutAt !== null : null,
      c_erased: candidate ? candidate.erasedAt !== null : null,
      job_id: p.job.id,
      j_status: (job?.status as FactsRow['j_status']) ?? null,
      j_status_changed_at: job?.statusChangedAt ?? null,
      recruiter_id: job?.recruiterId ?? null,
      r_name: recruiter?.name ?? null,
      r_timezone: recruiter?.timezone ?? null,
      r_country: recruiter?.country ?? null,
      hiring_manager_id: job?.hiringManagerId ?? null,
      m_name: manager?.name ?? null,
      m_timezone: manager?.timezone ?? null,
      m_country: manager?.country ?? null,
    };
  }
}

/** (occurred_at, sequence): the fold's order. A new row has the highest sequence. False when it did not go last. */
function appendInFoldOrder(log: LogRow[], row: LogRow): boolean {
  let index = log.length;
  while (index > 0 && log[index - 1].at > row.at) index -= 1;
  log.splice(index, 0, row);
  return index === log.length - 1;
}

function pick(merged: {
  id: string;
  name: string;
  email: string | null;
  timezone: string | null;
  country: string | null;
}) {
  return {
    id: merged.id,
    name: merged.name,
    email: merged.email,
    timezone: merged.timezone,
    country: merged.country,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
