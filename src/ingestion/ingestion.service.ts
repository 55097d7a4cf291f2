import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isDatabaseUnavailable, ProblemError } from '../infra/http/problem';
import { withStorageDeadline } from './storage-deadline';
import { MetricsService } from '../infra/metrics/metrics.service';
import { CandidatePrivacyService } from '../notifications/candidate-privacy.service';
import { ApplyOutcome, IncomingEvent, PipelineService } from '../pipeline/pipeline.service';
import { GroupCommit, Settled } from './group-commit';
import type { ValidationIssue } from '../canonical/canonical-event.schema';
import { QuarantineRepository } from './quarantine.repository';
import { ReplayTokensRepository } from './replay-tokens.repository';

export type IngestAnswer = { status: 'accepted'; events: number } | { status: 'duplicate' };

export interface IngestOptions {
  /**
   * A single-use token (Lever's), recorded in the same transaction as what the delivery stores: a
   * token seen before is a replay (401), and a delivery that fails to store leaves its token unused.
   */
  replayToken?: string;
}

// Tokens are refused after 14 days by the signature check (Lever's window), so a day more is safe to forget.
const replayTokenRetentionMs = 15 * 24 * 60 * 60 * 1000;
const replayTokenPruneIntervalMs = 60 * 60 * 1000;

// Group commit: wait at most 2 ms for company, at most 64 deliveries a batch, 2 batches at once
// (more only contend for the rows every batch shares: a job's recruiter and hiring manager).
const groupCommitOptions = { maxWaitMs: 2, maxBatch: 64, maxInFlight: 2 };
const maxBatchAttempts = 5;

interface Delivery {
  source: string;
  incoming: readonly IncomingEvent[];
  now: Date;
}

/** Deadlock or serialization failure: the transaction did nothing and may simply run again. */
function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const driverCode = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return [code, driverCode].some((c) => c === '40P01' || c === '40001');
}

/** Stores what the ATS sent and applies it, in one transaction, before anything answers 2xx. */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);
  private lastPrunedAt = 0;
  /** Concurrent deliveries share a transaction (and its WAL flush); each still answers after its commit. */
  private readonly groupCommit = new GroupCommit<Delivery, ApplyOutcome>(
    (deliveries) => this.storeTogether(deliveries),
    groupCommitOptions,
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipeline: PipelineService,
    private readonly quarantineRepository: QuarantineRepository,
    private readonly metrics: MetricsService,
    private readonly replayTokens: ReplayTokensRepository,
    private readonly privacy: CandidatePrivacyService,
  ) {}

  async ingest(
    source: string,
    events: readonly IncomingEvent[],
    now = new Date(),
    options: IngestOptions = {},
  ): Promise<IngestAnswer> {
    const outcome = await withStorageDeadline(() =>
      options.replayToken === undefined
        ? this.groupCommit.submit({ source, incoming: events, now })
        : this.dataSource.transaction(async (manager) => {
            await this.claimReplayToken(manager, source, options.replayToken);
            return this.applyInTransaction(manager, source, events, now);
          }),
    );
    for (const { event } of events) {
      this.metrics.webhookEvents.inc({
        source,
        type: event.type,
        outcome: outcome.applied > 0 ? 'accepted' : 'duplicate',
      });
    }
    if (outcome.applied === 0 && outcome.duplicates > 0) return { status: 'duplicate' };
    return { status: 'accepted', events: outcome.applied };
  }

  /**
   * Stores a batch of deliveries in one transaction, retried on a deadlock or serialization failure.
   * If it fails otherwise, each delivery is stored on its own, so one bad delivery fails only itself.
   */
  private async storeTogether(deliveries: Delivery[]): Promise<Array<Settled<ApplyOutcome>>> {
    try {
      const outcomes = await this.storeInOneTransaction(deliveries);
      return outcomes.map((value) => ({ value }));
    } catch (error) {
      if (deliveries.length === 1 || isDatabaseUnavailable(error)) throw error;
      this.logger.warn(
        { err: error, deliveries: deliveries.length },
        'batch failed; storing its deliveries one by one',
      );
      const results: Array<Settled<ApplyOutcome>> = [];
      for (const delivery of deliveries) {
        try {
          const [value] = await this.storeInOneTransaction([delivery]);
          results.push({ value });
        } catch (own) {
          results.push({ error: own });
        }
      }
      return results;
    }
  }

  private async storeInOneTransaction(deliveries: Delivery[]): Promise<ApplyOutcome[]> {
    // One clock for the batch: the latest of its deliveries'.
    const now = new Date(Math.max(...deliveries.map((delivery) => delivery.now.getTime())));
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction((manager) => this.applyBatch(manager, deliveries, now));
      } catch (error) {
        if (attempt >= maxBatchAttempts || !isRetryableConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
  }

  /**
   * Applies events in the caller's transaction: every path that feeds the pipeline (webhooks, import,
   * quarantine replay, ATS sync) comes through here, so an erasure also reaches what other domains keep.
   */
  async applyInTransaction(
    manager: EntityManager,
    source: string,
    events: readonly IncomingEvent[],
    now: Date,
  ): Promise<ApplyOutcome> {
    const [outcome] = await this.applyBatch(manager, [{ source, incoming: events }], now);
    return outcome;
  }

  /** applyInTransaction for several deliveries, each of its own source, applied in order (import). */
  async applyBatch(
    manager: EntityManager,
    deliveries: ReadonlyArray<{ source: string; incoming: readonly IncomingEvent[] }>,
    now: Date,
  ): Promise<ApplyOutcome[]> {
    const outcomes = await this.pipeline.applyBatch(manager, deliveries, now);
    for (const { candidateId, personalData } of outcomes.flatMap((outcome) => outcome.erased)) {
      await this.quarantineRepository.redactPersonalData(manager, personalData);
      await this.privacy.forget(manager, candidateId);
    }
    return outcomes;
  }

  /** Keeps an authentic payload keepwarm cannot read, with the reason, for a later replay. */
  async quarantine(
    source: string,
    deliveryId: string | null,
    rawBody: Buffer | string,
    reason: string,
    errors: ValidationIssue[],
    options: IngestOptions = {},
  ): Promise<string> {
    const id = await withStorageDeadline(() =>
      this.dataSource.transaction(async (manager) => {
        await this.claimReplayToken(manager, source, options.replayToken);
        return this.quarantineRepository.add(manager, {
          source,
          deliveryId,
          reason,
          errors,
          rawBody: typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'),
        });
      }),
    );
    this.metrics.webhookEvents.inc({ source, type: 'unknown', outcome: 'quarantined' });
    this.logger.warn({ source, quarantineId: id, reason }, 'payload quarantined');
    return id;
  }

  /** Records a delivery that stores nothing (a ping, an ignored type) as having used its token. */
  async useReplayToken(source: string, token: string): Promise<void> {
    await withStorageDeadline(() =>
      this.dataSource.transaction((manager) => this.claimReplayToken(manager, source, token)),
    );
  }

  /** A cheap early answer to a replay; the claim inside the storing transaction is the real guard. */
  async isReplayTokenUsed(source: string, token: string): Promise<boolean> {
    return withStorageDeadline(() => this.replayTokens.seen(this.dataSource.manager, source, token));
  }

  private async claimReplayToken(
    manager: EntityManager,
    source: string,
    token: string | undefined,
  ): Promise<void> {
    if (token === undefined) return;
    if (!(await this.replayTokens.claim(manager, source, token))) throw replayedToken();
    this.pruneReplayTokensNowAndThen(source);
  }

  private pruneReplayTokensNowAndThen(source: string): void {
    const now = Date.now();
    if (now - this.lastPrunedAt < replayTokenPruneIntervalMs) return;
    this.lastPrunedAt = now;
    this.replayTokens
      .pruneOlderThan(this.dataSource.manager, source, new Date(now - replayTokenRetentionMs))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'pruning replay tokens failed'));
  }
}

export function replayedToken(): ProblemError {
  return ProblemError.unauthorized(
    'This delivery token was used before: a replayed delivery is refused.',
    'replayed-delivery',
  );
}
