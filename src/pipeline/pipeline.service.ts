import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type {
  Candidate as CandidateSnapshot,
  Job as JobSnapshot,
  Person as PersonSnapshot,
  Stage,
  StageKind,
} from '../canonical/canonical-event.schema';
import { MetricsService } from '../infra/metrics/metrics.service';
import { stageKindFor } from '../policy/stage-kinds';
import { ApplicationProjection, projectApplication, PipelineEvent } from './application-projection';
import type { ApplicationView, FeedbackPeriodRow } from './application-view';
import { ApplicationsRepository, LoadedApplication } from './applications.repository';

export type { LoadedApplication };
import { candidatePersonalData, redactCandidateSnapshot, redactValues } from './erasure';
import { keepwarmSource } from './event-log-line';
import { LogEntry, PipelineRepository } from './pipeline.repository';
import { Dated, mergeCandidates, mergeJobs, mergePeople } from './snapshot-merge';
import { UnknownStageNames } from './unknown-stage-names.service';

export interface IncomingEvent {
  event: PipelineEvent;
  /** The vendor's own payload this event was mapped from, if any. */
  vendorPayload?: unknown;
}

export interface ApplyOutcome {
  /** Events newly stored and applied. */
  applied: number;
  /** Events that were already in the log (redeliveries). */
  duplicates: number;
  /**
   * Candidates this delivery erased (candidate.deleted), with the personal data they had: the pipeline
   * redacts its own tables; the caller redacts what other domains keep (IngestionService does).
   */
  erased: ErasedCandidate[];
}

export interface ErasedCandidate {
  candidateId: string;
  /** Names and addresses the candidate had, earlier ones included: what to search for and redact. */
  personalData: string[];
}

/** Applies canonical events to the projection. Every call runs inside the caller's transaction. */
@Injectable()
export class PipelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: PipelineRepository,
    private readonly applications: ApplicationsRepository,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly unknownStageNames: UnknownStageNames,
  ) {}

  readonly resolveStageKind = (stage: Stage): StageKind => {
    return stageKindFor(stage.name, stage.kind ?? null, this.config.policy).kind;
  };

  /**
   * Appends the events to the log (a redelivered id changes nothing), updates jobs, people and
   * candidates from their snapshots, and re-folds every application they touch, which is then due
   * for evaluation at once.
   */
  async apply(
    manager: EntityManager,
    source: string,
    incoming: readonly IncomingEvent[],
    now: Date,
  ): Promise<ApplyOutcome> {
    const [outcome] = await this.applyBatch(manager, [{ source, incoming }], now);
    return outcome;
  }

  /**
   * apply() for several deliveries at once, set-based: whatever the batch's size, its events are
   * applied in three statements (pipeline.repository.ts). The deliveries count as arriving in the
   * given order; each gets its own outcome. An erasure is order-sensitive (what follows it about the
   * candidate is stored redacted), so the batch is applied in runs that each end at an erasure.
   */
  async applyBatch(
    manager: EntityManager,
    deliveries: ReadonlyArray<{ source: string; incoming: readonly IncomingEvent[] }>,
    now: Date,
  ): Promise<ApplyOutcome[]> {
    const outcomes = deliveries.map((): ApplyOutcome => ({ applied: 0, duplicates: 0, erased: [] }));
    // Within the batch the first copy of a (source, id) is the one stored; later copies are redeliveries.
    const seen = new Set<string>();
    let run: Array<LogEntry & { delivery: number }> = [];
    for (const [delivery, { source, incoming }] of deliveries.entries()) {
      for (const { event, vendorPayload } of incoming) {
        const key = `${source}\u0000${event.id}`;
        if (seen.has(key)) {
          outcomes[delivery].duplicates += 1;
          continue;
        }
        seen.add(key);
        run.push({ delivery, source, event, vendorPayload, ...referencesOf(event) });
        if (event.type === 'candidate.deleted') {
          await this.applyRun(manager, run, outcomes, now);
          run = [];
        }
      }
    }
    await this.applyRun(manager, run, outcomes, now);
    return outcomes;
  }

  private async applyRun(
    manager: EntityManager,
    entries: Array<LogEntry & { delivery: number }>,
    outcomes: ApplyOutcome[],
    now: Date,
  ): Promise<void> {
    if (entries.length === 0) return;
    const applicationIds = [...new Set(entries.flatMap((e) => (e.applicationId ? [e.applicationId] : [])))];
    const candidateIds = [...new Set(entries.flatMap((e) => (e.candidateId ? [e.candidateId] : [])))];
    const erased = await this.repository.lockApplicationsAndFindErased(manager, applicationIds, candidateIds);
    // Tombstone: events about an erased candidate are stored redacted.
    for (const entry of entries) {
      if (!entry.candidateId || !erased.has(entry.candidateId)) continue;
      entry.event = redactEvent(entry.event);
      if (entry.vendorPayload !== undefined) entry.vendorPayload = null;
    }

    const { stored, logs } = await this.repository.appendEventsAndReadLogs(manager, entries, applicationIds);
    const people: Array<Dated<PersonSnapshot>> = [];
    const jobs: Array<Dated<JobSnapshot>> = [];
    const candidates: Array<Dated<CandidateSnapshot>> = [];
    const updatedCandidates = new Set<string>();
    const erasures: Array<{ candidateId: string; delivery: number }> = [];
    const touchedApplications = new Map<string, string>();
    entries.forEach((entry, index) => {
      if (!stored.has(index)) {
        outcomes[entry.delivery].duplicates += 1;
        return;
      }
      outcomes[entry.delivery].applied += 1;
      const { event } = entry;
      const asOf = new Date(event.occurred_at);
      const addJob = (job: JobSnapshot) => {
        people.push({ snapshot: job.recruiter, asOf }, { snapshot: job.hiring_manager, asOf });
        jobs.push({ snapshot: job, asOf });
      };
      switch (event.type) {
        case 'application.created':
        case 'application.stage_changed': {
          const { application } = event.data;
          this.countUnknownStage(application.stage, now);
          addJob(application.job);
          candidates.push({ snapshot: application.candidate, asOf });
          break;
        }
        case 'job.updated':
          addJob(event.data.job);
          break;
        case 'candidate.updated':
          candidates.push({ snapshot: event.data.candidate, asOf });
          updatedCandidates.add(event.data.candidate.id);
          break;
        case 'candidate.deleted':
          erasures.push({ candidateId: event.data.candidate_id, delivery: entry.delivery });
          break;
        default:
          break;
      }
      if (entry.applicationId) touchedApplications.set(entry.applicationId, entry.source);
    });

    const projections: Array<{ projection: ApplicationProjection; source: string }> = [];
    for (const [applicationId, source] of touchedApplications) {
      const log = logs.get(applicationId) ?? [];
      const projection = projectApplication(
        applicationId,
        log.map((entry) => entry.event),
        this.resolveStageKind,
      );
      if (!projection) continue; // Not seen yet: its events wait in the log until it arrives.
      const origin = log.find((entry) => entry.source !== keepwarmSource)?.source ?? source;
      projections.push({ projection, source: origin });
    }
    const jobsChanged = await this.repository.saveBatch(
      manager,
      {
        applications: projections,
        people: mergePeople(people),
        jobs: mergeJobs(jobs),
        candidates: mergeCandidates(candidates),
      },
      now,
    );
    await this.repository.markApplicationsDue(
      manager,
      { jobIds: jobsChanged, candidateIds: [...updatedCandidates] },
      now,
    );
    for (const { candidateId, delivery } of erasures) {
      outcomes[delivery].erased.push({
        candidateId,
        personalData: await this.erase(manager, candidateId, now),
      });
    }
  }

  /** Stage names that match no mapping default to interview; operators see them in GET /v1/stats and the metric. */
  private countUnknownStage(stage: Stage, now: Date): void {
    if (stage.kind || stageKindFor(stage.name, null, this.config.policy).known) return;
    this.metrics.unknownStageNames.inc();
    this.unknownStageNames.seen(stage.name, now);
  }

  /**
   * candidate.deleted: redacts their personal data in the projection and the event log and leaves a
   * tombstone. Returns the personal data found, earlier names and addresses included.
   */
  private async erase(manager: EntityManager, candidateId: string, now: Date): Promise<string[]> {
    const current = await this.repository.eraseCandidate(manager, candidateId, now);
    const stored = await this.repository.storedPayloadsOfCandidate(manager, candidateId);
    // Earlier names and addresses (before a candidate.updated) are theirs too.
    const secrets = [
      ...new Set([...current, ...stored.flatMap((row) => candidatePersonalData(row.payload))]),
    ];
    for (const row of stored) {
      const payload = redactEvent(redactValues(row.payload, secrets) as PipelineEvent);
      // A vendor's own record holds more personal data than keepwarm knows to look for (name parts,
      // phone numbers, addresses, resumes): after erasure it is dropped, not searched.
      const vendorPayload = null;
      await this.repository.replaceStoredPayload(manager, row.sequence, payload, vendorPayload);
    }
    await this.repository.markApplicationsDue(manager, { jobIds: [], candidateIds: [candidateId] }, now);
    return secrets;
  }

  /** The facts the rules need, for many applications at once, inside the caller's transaction. */
  loadFacts(
    manager: EntityManager,
    applicationIds: readonly string[],
  ): Promise<Map<string, LoadedApplication>> {
    return this.applications.loadFacts(manager, applicationIds);
  }

  /** The event log as stored, oldest first, in pages (export-events). */
  async *eventLog(since: Date | null, pageSize = 1000): AsyncGenerator<{ source: string; payload: unknown }> {
    let after = '0';
    for (;;) {
      const rows = await this.repository.readEventLog(this.dataSource.manager, after, since, pageSize);
      if (rows.length === 0) return;
      for (const row of rows) yield { source: row.source, payload: row.payload };
      after = rows[rows.length - 1].sequence;
    }
  }

  /** Every awaiting-feedback period, by manager and start (reports: time to feedback per manager). */
  feedbackPeriods(): Promise<FeedbackPeriodRow[]> {
    return this.applications.feedbackPeriods(this.dataSource.manager);
  }

  /** One application as the REST API shows it; null when unknown. */
  findApplication(applicationId: string): Promise<ApplicationView | null> {
    return this.applications.findView(this.dataSource.manager, applicationId);
  }

  /** Locks one application for a change made outside ingestion; false when it is unknown. */
  lockApplication(manager: EntityManager, applicationId: string): Promise<boolean> {
    return this.repository.lockApplication(manager, applicationId);
  }

  /** Records when each application is next due for evaluation (the sweep's answer). */
  scheduleEvaluations(
    manager: EntityManager,
    schedule: ReadonlyArray<{ id: string; nextEvaluationAt: Date | null }>,
  ): Promise<void> {
    return this.repository.scheduleEvaluations(manager, schedule);
  }

  /** Hides the application from attention until `until` and pauses its automatic sends; null when unknown. */
  snooze(
    manager: EntityManager,
    applicationId: string,
    until: Date,
    reason: string | null,
  ): Promise<{ snoozedUntil: Date; reason: string | null } | null> {
    return this.repository.snooze(manager, applicationId, until, reason);
  }

  /** The candidate opted out of automatic updates (the first date counts); null when unknown. */
  optOutCandidate(manager: EntityManager, candidateId: string, at: Date): Promise<Date | null> {
    return this.repository.optOutCandidate(manager, candidateId, at);
  }
}

export function referencesOf(event: PipelineEvent): {
  applicationId: string | null;
  candidateId: string | null;
  jobId: string | null;
} {
  switch (event.type) {
    case 'application.created':
    case 'application.stage_changed':
      return {
        applicationId: event.data.application.id,
        candidateId: event.data.application.candidate.id,
        jobId: event.data.application.job.id,
      };
    case 'job.updated':
      return { applicationId: null, candidateId: null, jobId: event.data.job.id };
    case 'candidate.updated':
      return { applicationId: null, candidateId: event.data.candidate.id, jobId: null };
    case 'candidate.deleted':
      return { applicationId: null, candidateId: event.data.candidate_id, jobId: null };
    default:
      return { applicationId: event.data.application_id, candidateId: null, jobId: null };
  }
}

/** Removes the candidate's personal data from an event before it is stored (tombstoned candidates). */
function redactEvent(event: PipelineEvent): PipelineEvent {
  if (event.type === 'application.created' || event.type === 'application.stage_changed') {
    return {
      ...event,
      data: {
        ...event.data,
        application: {
          ...event.data.application,
          candidate: redactCandidateSnapshot(event.data.application.candidate),
        },
      },
    } as PipelineEvent;
  }
  if (event.type === 'candidate.updated') {
    return { ...event, data: { candidate: redactCandidateSnapshot(event.data.candidate) } };
  }
  return event;
}
