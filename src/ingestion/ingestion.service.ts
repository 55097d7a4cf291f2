import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable, ProblemError } from '../infra/http/problem';
import { MetricsService } from '../infra/metrics/metrics.service';
import { IncomingEvent, PipelineService } from '../pipeline/pipeline.service';
import type { ValidationIssue } from './canonical/canonical-event.schema';
import { QuarantineRepository } from './quarantine.repository';

export type IngestAnswer = { status: 'accepted'; events: number } | { status: 'duplicate' };

/** Stores what the ATS sent and applies it, in one transaction, before anything answers 2xx. */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipeline: PipelineService,
    private readonly quarantineRepository: QuarantineRepository,
    private readonly metrics: MetricsService,
  ) {}

  async ingest(source: string, events: readonly IncomingEvent[], now = new Date()): Promise<IngestAnswer> {
    const outcome = await this.withStorage(() =>
      this.dataSource.transaction((manager) => this.pipeline.apply(manager, source, events, now)),
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

  /** Keeps an authentic payload keepwarm cannot read, with the reason, for a later replay. */
  async quarantine(
    source: string,
    deliveryId: string | null,
    rawBody: Buffer | string,
    reason: string,
    errors: ValidationIssue[],
  ): Promise<string> {
    const id = await this.withStorage(() =>
      this.dataSource.transaction((manager) =>
        this.quarantineRepository.add(manager, {
          source,
          deliveryId,
          reason,
          errors,
          rawBody: typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'),
        }),
      ),
    );
    this.metrics.webhookEvents.inc({ source, type: 'unknown', outcome: 'quarantined' });
    this.logger.warn({ source, quarantineId: id, reason }, 'payload quarantined');
    return id;
  }

  /** PostgreSQL unreachable: the sender gets 503 + Retry-After and retries; nothing half-accepted. */
  private async withStorage<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw ProblemError.serviceUnavailable();
      throw error;
    }
  }
}
