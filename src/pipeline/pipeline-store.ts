import type { ApplicationProjection, StageKindResolver } from './application-projection';
import type { BatchWrite, LogEntry, StoredEvent } from './pipeline.repository';

// Where the pipeline keeps the event log and the projection while it applies events: PostgreSQL for
// the service (pipeline.repository.ts, in the caller's transaction), memory for the backtest
// (memory-pipeline-store.ts). What to apply, fold and mark due is decided once, in event-applier.ts.

export type { BatchWrite, LogEntry, StoredEvent };

export interface PipelineStore {
  /** Serialises folds of these applications until commit; answers which of the candidates are erased. */
  lockApplicationsAndFindErased(
    applicationIds: readonly string[],
    candidateIds: readonly string[],
  ): Promise<Set<string>>;
  /** Appends the entries (a repeated (source, id) is skipped) and reads back each named application's whole log, in fold order. */
  appendEventsAndReadLogs(
    entries: readonly LogEntry[],
    applicationIds: readonly string[],
  ): Promise<{ stored: Set<number>; logs: Map<string, StoredEvent[]> }>;
  /** Writes folds and snapshots; the applications written are due at `dueAt`. Returns the jobs whose status changed. */
  saveBatch(batch: BatchWrite, dueAt: Date): Promise<string[]>;
  /** Active applications of these jobs or candidates are due at `at` unless due sooner. */
  markApplicationsDue(
    of: { jobIds: readonly string[]; candidateIds: readonly string[] },
    at: Date,
  ): Promise<void>;
  /** The candidate becomes a tombstone; returns the personal data the row held. */
  eraseCandidate(candidateId: string, at: Date): Promise<string[]>;
  storedPayloadsOfCandidate(
    candidateId: string,
  ): Promise<Array<{ sequence: string; payload: unknown; vendor_payload: unknown }>>;
  replaceStoredPayload(sequence: string, payload: unknown, vendorPayload: unknown): Promise<void>;
  /**
   * The fold of an application's log, for a store that keeps folds between calls (memory: one per
   * application, continued with the new events). Without it the applier folds the whole log.
   */
  projectionOf?(
    applicationId: string,
    log: readonly StoredEvent[],
    resolveKind: StageKindResolver,
  ): ApplicationProjection | null;
}
