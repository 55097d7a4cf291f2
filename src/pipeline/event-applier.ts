import type {
  Candidate as CandidateSnapshot,
  Job as JobSnapshot,
  Person as PersonSnapshot,
  Stage,
} from '../canonical/canonical-event.schema';
import {
  ApplicationProjection,
  projectApplication,
  PipelineEvent,
  StageKindResolver,
} from './application-projection';
import type { Policy } from '../policy/policy';
import { stageKindFor } from '../policy/stage-kinds';
import { candidatePersonalData, redactCandidateSnapshot, redactValues } from './erasure';
import type { LogEntry, PipelineStore } from './pipeline-store';
import { keepwarmSource } from './event-log-line';
import { Dated, mergeCandidates, mergeJobs, mergePeople } from './snapshot-merge';

// Applying canonical events to the pipeline: what is stored, redacted, folded and marked due. One
// implementation, written against PipelineStore: PostgreSQL for the service, memory for the backtest.

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

export interface Delivery {
  source: string;
  incoming: readonly IncomingEvent[];
}

/** A stage's kind under the policy: an explicit kind, the policy's names, then the built-in patterns. */
export function stageKindResolver(policy: Pick<Policy, 'stage_kinds'>): StageKindResolver {
  return (stage) => stageKindFor(stage.name, stage.kind ?? null, policy).kind;
}

export class EventApplier {
  constructor(
    private readonly resolveStageKind: StageKindResolver,
    /** Told about every stage an application snapshot names (metrics count the unknown ones). */
    private readonly onStage: (stage: Stage, now: Date) => void = () => undefined,
  ) {}

  /**
   * Applies several deliveries at once, set-based. The deliveries count as arriving in the given
   * order; each gets its own outcome. An erasure is order-sensitive (what follows it about the
   * candidate is stored redacted), so the batch is applied in runs that each end at an erasure.
   */
  async applyBatch(
    store: PipelineStore,
    deliveries: readonly Delivery[],
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
          await this.applyRun(store, run, outcomes, now);
          run = [];
        }
      }
    }
    await this.applyRun(store, run, outcomes, now);
    return outcomes;
  }

  private async applyRun(
    store: PipelineStore,
    entries: Array<LogEntry & { delivery: number }>,
    outcomes: ApplyOutcome[],
    now: Date,
  ): Promise<void> {
    if (entries.length === 0) return;
    const applicationIds = [...new Set(entries.flatMap((e) => (e.applicationId ? [e.applicationId] : [])))];
    const candidateIds = [...new Set(entries.flatMap((e) => (e.candidateId ? [e.candidateId] : [])))];
    const erased = await store.lockApplicationsAndFindErased(applicationIds, candidateIds);
    // Tombstone: events about an erased candidate are stored redacted.
    for (const entry of entries) {
      if (!entry.candidateId || !erased.has(entry.candidateId)) continue;
      entry.event = redactEvent(entry.event);
      if (entry.vendorPayload !== undefined) entry.vendorPayload = null;
    }

    const { stored, logs } = await store.appendEventsAndReadLogs(entries, applicationIds);
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
          this.onStage(application.stage, now);
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
      const projection = store.projectionOf
        ? store.projectionOf(applicationId, log, this.resolveStageKind)
        : projectApplication(
            applicationId,
            log.map((entry) => entry.event),
            this.resolveStageKind,
          );
      if (!projection) continue; // Not seen yet: its events wait in the log until it arrives.
      const origin = log.find((entry) => entry.source !== keepwarmSource)?.source ?? source;
      projections.push({ projection, source: origin });
    }
    const jobsChanged = await store.saveBatch(
      {
        applications: projections,
        people: mergePeople(people),
        jobs: mergeJobs(jobs),
        candidates: mergeCandidates(candidates),
      },
      now,
    );
    await store.markApplicationsDue({ jobIds: jobsChanged, candidateIds: [...updatedCandidates] }, now);
    for (const { candidateId, delivery } of erasures) {
      outcomes[delivery].erased.push({
        candidateId,
        personalData: await this.erase(store, candidateId, now),
      });
    }
  }

  /**
   * candidate.deleted: redacts their personal data in the projection and the event log and leaves a
   * tombstone. Returns the personal data found, earlier names and addresses included.
   */
  private async erase(store: PipelineStore, candidateId: string, now: Date): Promise<string[]> {
    const current = await store.eraseCandidate(candidateId, now);
    const stored = await store.storedPayloadsOfCandidate(candidateId);
    // Earlier names and addresses (before a candidate.updated) are theirs too.
    const secrets = [
      ...new Set([...current, ...stored.flatMap((row) => candidatePersonalData(row.payload))]),
    ];
    for (const row of stored) {
      const payload = redactEvent(redactValues(row.payload, secrets) as PipelineEvent);
      // A vendor's own record holds more personal data than keepwarm knows to look for (name parts,
      // phone numbers, addresses, resumes): after erasure it is dropped, not searched.
      const vendorPayload = null;
      await store.replaceStoredPayload(row.sequence, payload, vendorPayload);
    }
    await store.markApplicationsDue({ jobIds: [], candidateIds: [candidateId] }, now);
    return secrets;
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
