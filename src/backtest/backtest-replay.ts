import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SweepService } from '../attention/sweep.service';
import { AppConfig } from '../config/app-config';
import { deliveryDecision } from '../notifications/delivery-guards';
import { recordSent } from '../notifications/delivery-recording';
import { NotificationsRepository } from '../notifications/notifications.repository';
import type { PipelineEvent } from '../pipeline/application-projection';
import { PipelineService } from '../pipeline/pipeline.service';
import { createCalendars, type Calendars } from '../policy';
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

const deliveryBatch = 200;
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
  private readonly calendars: Calendars;
  private clock = new Date(0);
  private totals: ReplayTotals = { applied: 0, duplicates: 0, instants: 0 };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipeline: PipelineService,
    private readonly sweepService: SweepService,
    private readonly notifications: NotificationsRepository,
    private readonly repository: BacktestRepository,
    private readonly config: AppConfig,
  ) {
    this.calendars = createCalendars(config.policy);
  }

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
      await this.deliverDue(at);
    }
  }

  /** The relay's and the processor's guards at `at`, then recordSent: the email is "sent" at once. */
  private async deliverDue(at: Date): Promise<void> {
    for (;;) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const rows = await this.notifications.claimDue(manager, at, deliveryBatch);
        for (const row of rows) {
          const decision = deliveryDecision(row, this.config.policy, this.calendars, at);
          if (decision.action === 'hold') {
            await this.notifications.reschedule(manager, row.id, decision.until);
          } else if (decision.action !== 'send') {
            const status = decision.action === 'cancel' ? 'cancelled' : 'suppressed';
            await this.notifications.setStatus(manager, [row.id], status, decision.reason);
          } else {
            await this.notifications.setStatus(manager, [row.id], 'queued', null);
            await recordSent(
              manager,
              this.notifications,
              this.pipeline,
              { id: row.id, kind: row.kind, applicationId: row.applicationId },
              {
                at,
                messageId: `<${row.id}@backtest.invalid>`,
                response: 'backtest: not sent',
                recipientEmail: '',
              },
            );
          }
        }
        return rows.length;
      });
      if (claimed < deliveryBatch) return;
    }
  }
}
