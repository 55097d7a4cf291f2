import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SweepService } from '../attention/sweep.service';
import { SimulatedDelivery } from '../notifications/simulated-delivery';
import type { PipelineEvent } from '../pipeline/application-projection';
import { PipelineService } from '../pipeline/pipeline.service';
import { BacktestRepository } from './backtest.repository';

/** One event of the history, at the instant the simulated clock applies it. */
export interface HistoryEntry {
  source: string;
  at: Date;
  event: PipelineEvent;
  vendorPayload?: unknown;
}

export interface ReplayTotals {
  applied: number;
  duplicates: number;
  /** Instants at which the clock stopped to sweep and deliver. */
  instants: number;
}

// The rules promise a next evaluation strictly after `now`; if the clock ever stops advancing, say so.
const maxStopsAtOneInstant = 50;

/**
 * Replays a history under a simulated clock with the real code: each event goes through
 * PipelineService.apply at its own time, and between events the clock jumps to every instant at
 * which something is due (an evaluation, a notification), sweeps and delivers there. Delivery is
 * simulated: the same guards as the relay and the email processor, then recordSent at the clock's
 * time, without rendering or sending anything.
 */
@Injectable()
export class BacktestReplay {
  private clock = new Date(0);
  private totals: ReplayTotals = { applied: 0, duplicates: 0, instants: 0 };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipeline: PipelineService,
    private readonly sweepService: SweepService,
    private readonly delivery: SimulatedDelivery,
    private readonly repository: BacktestRepository,
  ) {}

  async replay(
    entries: readonly HistoryEntry[],
    until: Date,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ReplayTotals> {
    this.totals = { applied: 0, duplicates: 0, instants: 0 };
    this.clock = new Date(0);
    for (const [index, entry] of entries.entries()) {
      if (entry.at > until) break;
      // What falls due before the event happens first; the event wins a tie (a human acting on time).
      await this.advance(entry.at, false);
      this.clock = entry.at;
      const outcome = await this.dataSource.transaction((manager) =>
        this.pipeline.apply(
          manager,
          entry.source,
          [{ event: entry.event, vendorPayload: entry.vendorPayload }],
          entry.at,
        ),
      );
      this.totals.applied += outcome.applied;
      this.totals.duplicates += outcome.duplicates;
      onProgress?.(index + 1, entries.length);
    }
    await this.advance(until, true);
    return this.totals;
  }

  private async advance(limit: Date, inclusive: boolean): Promise<void> {
    let lastStop = -1;
    let stopsHere = 0;
    for (;;) {
      const due = await this.repository.nextDueInstant();
      if (!due) return;
      if (inclusive ? due > limit : due >= limit) return;
      const at = due < this.clock ? this.clock : due;
      stopsHere = at.getTime() === lastStop ? stopsHere + 1 : 0;
      if (stopsHere > maxStopsAtOneInstant)
        throw new Error(`the simulated clock is stuck at ${at.toISOString()}: something stays due`);
      lastStop = at.getTime();
      this.clock = at;
      this.totals.instants += 1;
      await this.sweepService.sweep(at);
      await this.delivery.deliverDue(at);
    }
  }
}
