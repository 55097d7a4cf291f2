import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IngestionService } from './ingestion.service';
import { PayloadReader, readCanonical } from './payload-readers';
import { QuarantineRepository } from './quarantine.repository';

export interface ReplaySummary {
  replayed: number;
  stillInvalid: number;
  ignored: number;
}

/** Re-reads quarantined payloads with today's code (`node dist/cli.js replay-quarantine`). */
@Injectable()
export class QuarantineReplayService {
  private readonly logger = new Logger(QuarantineReplayService.name);
  private readonly readers = new Map<string, PayloadReader>([['canonical', readCanonical]]);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly quarantine: QuarantineRepository,
    private readonly ingestion: IngestionService,
  ) {}

  /** Vendor adapters register their readers so their quarantined payloads can be replayed too. */
  registerReader(source: string, reader: PayloadReader): void {
    this.readers.set(source, reader);
  }

  async replayAll(limit: number): Promise<ReplaySummary> {
    const summary: ReplaySummary = { replayed: 0, stillInvalid: 0, ignored: 0 };
    await this.dataSource.transaction(async (manager) => {
      for (const entry of await this.quarantine.unreplayed(manager, limit)) {
        const reader = this.readers.get(entry.source);
        let body: unknown;
        try {
          body = JSON.parse(entry.rawBody);
        } catch (error) {
          summary.stillInvalid += 1;
          await this.quarantine.recordFailedReplay(
            manager,
            entry.id,
            `invalid JSON: ${(error as Error).message}`,
            [],
          );
          continue;
        }
        const result = reader
          ? await reader(body, { deliveryId: entry.deliveryId, receivedAt: entry.receivedAt })
          : { kind: 'invalid' as const, reason: `no reader for ${entry.source}`, errors: [] };
        if (result.kind === 'invalid') {
          summary.stillInvalid += 1;
          await this.quarantine.recordFailedReplay(manager, entry.id, result.reason, result.errors);
          continue;
        }
        if (result.kind === 'events') {
          await this.ingestion.applyInTransaction(manager, entry.source, result.events, new Date());
          summary.replayed += 1;
          await this.quarantine.markReplayed(manager, entry.id, 'applied');
        } else {
          summary.ignored += 1;
          await this.quarantine.markReplayed(
            manager,
            entry.id,
            result.kind === 'ping' ? 'ping' : `ignored: ${result.reason}`,
          );
        }
      }
    });
    this.logger.log({ ...summary }, 'quarantine replayed');
    return summary;
  }
}
