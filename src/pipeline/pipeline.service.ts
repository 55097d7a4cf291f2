import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { CanonicalEvent, Stage, StageKind } from '../ingestion/canonical/canonical-event.schema';
import { MetricsService } from '../infra/metrics/metrics.service';
import { stageKindFor } from '../policy/stage-kinds';
import type {
  Candidate as CandidateSnapshot,
  Job as JobSnapshot,
  Person as PersonSnapshot,
} from '../ingestion/canonical/canonical-event.schema';
import { ApplicationProjection, projectApplication, PipelineEvent } from './application-projection';
import { candidatePersonalData, redactCandidateSnapshot, redactText, redactValues } from './erasure';
import { LogEntry, PipelineRepository } from './pipeline.repository';
import { Dated, mergeCandidates, mergeJobs, mergePeople } from './snapshot-merge';

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
}

/** Applies canonical events to the projection. Every call runs inside the caller's transaction. */
@Injectable()
export class PipelineService {
  constructor(
    private readonly repository: PipelineRepository,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
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
   * apply() for several deliveries at once, set-based: one log insert, one upsert per entity table,
   * one lock call and one load for the touched applications, one save of their projections. The
   * deliveries count as arriving in the given order; each gets its own outcome.
   */
  async applyBatch(
    manager: EntityManager,
    deliveries: ReadonlyArray<{ source: string; incoming: readonly IncomingEvent[] }>,
    now: Date,
  ): Promise<ApplyOutcome[]> {
    // Erasure is rare and order-sensitive (events after it in the batch are stored redacted): one by one.
    if (deliveries.some((d) => d.incoming.some(({ event }) => event.type === 'candidate.deleted'))) {
      const outcomes: ApplyOutcome[] = [];
      for (const delivery of deliveries)
        outcomes.push(await this.applySequentially(manager, delivery.source, delivery.incoming, now));
      return outcomes;
    }

    const outcomes = deliveries.map((): ApplyOutcome => ({ applied: 0, duplicates: 0 }));
    // Within the batch the first copy of a (source, id) is the one stored; later copies are redeliveries.
    const seen = new Set<string>();
    const entries: Array<LogEntry & { delivery: number }> = [];
    deliveries.forEach(({ source, incoming }, delivery) => {
      for (const { event, vendorPayload } of incoming) {
        const key = `${source}\u0000${event.id}`;
        if (seen.has(key)) {
          outcomes[delivery].duplicates += 1;
          continue;
        }
        seen.add(key);
        const refs = referencesOf(event);
        entries.push({ delivery, source, event, vendorPayload, ...refs });
      }
    });

    // Tombstone: events about an erased candidate are stored redacted.
    const candidateIds = [...new Set(entries.flatMap((e) => (e.candidateId ? [e.candidateId] : [])))];
    const erased = await this.repository.erasedCandidates(manager, candidateIds);
    if (erased.size > 0) {
      for (const entry of entries) {
        if (!entry.candidateId || !erased.has(entry.candidateId)) continue;
        entry.event = redactEvent(entry.event);
        if (entry.vendorPayload !== undefined) entry.vendorPayload = null;
      }
    }

    const storedIndexes = await this.repository.appendEvents(manager, entries);
    const people: Array<Dated<PersonSnapshot>> = [];
    const jobs: Array<Dated<JobSnapshot>> = [];
    const candidates: Array<Dated<CandidateSnapshot>> = [];
    const updatedCandidates = new Set<string>();
    const touchedApplications = new Map<string, string>();
    entries.forEach((entry, index) => {
      if (!storedIndexes.has(index)) {
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
          this.countUnknownStage(application.stage);
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
        default:
          break;
      }
      if (entry.applicationId) touchedApplications.set(entry.applicationId, entry.source);
    });

    const applicationIds = [...touchedApplications.keys()];
    await this.repository.lockApplications(manager, applicationIds);
    const eventsByApplication = await this.repository.eventsOfApplications(manager, applicationIds);
    const projections: Array<{ projection: ApplicationProjection; source: string }> = [];
    for (const [applicationId, source] of touchedApplications) {
      const stored = eventsByApplication.get(applicationId) ?? [];
      const projection = projectApplication(
        applicationId,
        stored.map((entry) => entry.event),
        this.resolveStageKind,
      );
      if (!projection) continue; // Not seen yet: its events wait in the log until it arrives.
      const origin = stored.find((entry) => entry.source !== 'keepwarm')?.source ?? source;
      projections.push({ projection, source: origin });
    }
    await this.repository.saveApplications(manager, projections, now);
    // Shared rows (a job's recruiter and hiring manager are in every application's snapshot) are
    // locked last, so concurrent batches hold them only for the end of their transaction; always in
    // one order: people, jobs, candidates, each sorted by id.
    await this.repository.upsertPeople(manager, mergePeople(people));
    const jobsChanged = await this.repository.upsertJobs(manager, mergeJobs(jobs));
    await this.repository.upsertCandidates(manager, mergeCandidates(candidates));
    await this.repository.markJobsApplicationsDue(manager, jobsChanged, now);
    await this.repository.markCandidatesApplicationsDue(manager, [...updatedCandidates], now);
    return outcomes;
  }

  /** The event-at-a-time form, kept for batches that erase a candidate. */
  private async applySequentially(
    manager: EntityManager,
    source: string,
    incoming: readonly IncomingEvent[],
    now: Date,
  ): Promise<ApplyOutcome> {
    const outcome: ApplyOutcome = { applied: 0, duplicates: 0 };
    const touchedApplications = new Map<string, string>();

    for (const { event: original, vendorPayload } of incoming) {
      const refs = referencesOf(original);
      let event = original;
      let storedVendorPayload = vendorPayload;
      // Tombstone: later events about an erased candidate are stored redacted.
      if (refs.candidateId && (await this.repository.isCandidateErased(manager, refs.candidateId))) {
        event = redactEvent(original);
        storedVendorPayload = vendorPayload === undefined ? undefined : null;
      }
      const stored = await this.repository.appendEvent(manager, {
        source,
        event,
        applicationId: refs.applicationId,
        candidateId: refs.candidateId,
        jobId: refs.jobId,
        vendorPayload: storedVendorPayload,
      });
      if (!stored) {
        outcome.duplicates += 1;
        continue;
      }
      outcome.applied += 1;
      await this.applyToEntities(manager, event, now);
      if (refs.applicationId) touchedApplications.set(refs.applicationId, source);
    }

    for (const [applicationId, source] of touchedApplications)
      await this.refold(manager, applicationId, source, now);
    return outcome;
  }

  /** Re-derives one application from its events in (occurred_at, received order). */
  async refold(manager: EntityManager, applicationId: string, source: string, now: Date): Promise<void> {
    await this.repository.lockApplication(manager, applicationId);
    const stored = await this.repository.eventsOfApplication(manager, applicationId);
    const projection = projectApplication(
      applicationId,
      stored.map((entry) => entry.event),
      this.resolveStageKind,
    );
    if (!projection) return; // Not seen yet: its events wait in the log until it arrives.
    const origin = stored.find((entry) => entry.source !== 'keepwarm')?.source ?? source;
    await this.repository.saveApplication(manager, projection, origin, now);
  }

  /** Stage names that match no mapping default to interview; the metric tells operators to add them. */
  private countUnknownStage(stage: Stage): void {
    if (!stage.kind && !stageKindFor(stage.name, null, this.config.policy).known)
      this.metrics.unknownStageNames.inc();
  }

  private async applyToEntities(manager: EntityManager, event: PipelineEvent, now: Date): Promise<void> {
    const at = new Date(event.occurred_at);
    switch (event.type) {
      case 'application.created':
      case 'application.stage_changed': {
        const { application } = event.data;
        this.countUnknownStage(application.stage);
        await this.saveJob(manager, application.job, at, now);
        await this.repository.upsertCandidate(manager, application.candidate, at);
        return;
      }
      case 'job.updated':
        await this.saveJob(manager, event.data.job, at, now);
        return;
      case 'candidate.updated':
        await this.repository.upsertCandidate(manager, event.data.candidate, at);
        await this.repository.markCandidateApplicationsDue(manager, event.data.candidate.id, now);
        return;
      case 'candidate.deleted':
        await this.erase(manager, event.data.candidate_id, now);
        return;
      default:
        return;
    }
  }

  private async saveJob(manager: EntityManager, job: CanonicalJob, at: Date, now: Date): Promise<void> {
    await this.repository.upsertPerson(manager, job.recruiter, at);
    await this.repository.upsertPerson(manager, job.hiring_manager, at);
    const { statusChanged } = await this.repository.upsertJob(manager, job, at);
    if (statusChanged) await this.repository.markJobApplicationsDue(manager, job.id, now);
  }

  /** candidate.deleted: redacts their personal data in every table and leaves a tombstone. */
  async erase(manager: EntityManager, candidateId: string, now: Date): Promise<void> {
    const current = await this.repository.eraseCandidate(manager, candidateId, now);
    const stored = await this.repository.storedPayloadsOfCandidate(manager, candidateId);
    // Earlier names and addresses (before a candidate.updated) are theirs too, and may sit in quarantine.
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
    for (const row of await this.repository.quarantinedBodiesContaining(manager, secrets)) {
      await this.repository.replaceQuarantinedBody(manager, row.id, redactText(row.raw_body, secrets));
    }
    await this.repository.markCandidateApplicationsDue(manager, candidateId, now);
  }
}

type CanonicalJob = Extract<CanonicalEvent, { type: 'job.updated' }>['data']['job'];

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
