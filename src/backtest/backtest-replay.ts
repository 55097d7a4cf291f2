import { MemoryFlagStore } from '../attention/memory-flag-store';
import { evaluateApplications, type SweepRules } from '../attention/sweep-evaluation';
import { deliveryDecision, statusAfter } from '../notifications/delivery-guards';
import { recordSent } from '../notifications/delivery-recording';
import { MemoryOutbox } from '../notifications/memory-outbox';
import { planNotifications } from '../notifications/notification-planning';
import type { PipelineEvent } from '../pipeline/application-projection';
import {
  EventApplier,
  stageKindResolver,
  type ApplyOutcome,
  type IncomingEvent,
} from '../pipeline/event-applier';
import { MemoryPipelineStore } from '../pipeline/memory-pipeline-store';
import { createCalendars, type Policy } from '../policy';

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
  /** Evaluations that threw: as in the service, the application is looked at again 15 minutes later. */
  evaluationErrors: number;
  firstEvaluationError: string | null;
}

// The rules promise a next evaluation strictly after `now`; if the clock ever stops advancing, say so.
const maxStopsAtOneInstant = 50;
// The relay's claim size: delivery claims due notifications in batches of this many, as the relay does.
const deliveryBatch = 200;

/**
 * Replays a history under a simulated clock with the service's own decisions, on state kept in
 * memory: each event goes through the pipeline's applier at its own time, and between events the
 * clock jumps to every instant at which something is due (an evaluation, a notification), sweeps
 * (evaluate, flags, planner) and delivers there (the relay's and email processor's guards, then
 * the record of a send, as if the email went out at once). Nothing is rendered or sent.
 */
export class BacktestReplay {
  readonly pipeline = new MemoryPipelineStore();
  readonly flags = new MemoryFlagStore();
  readonly outbox: MemoryOutbox;
  readonly resolveStageKind;
  private readonly applier: EventApplier;
  private readonly rules: SweepRules;
  private clock = 0;
  private totals: ReplayTotals = emptyTotals();
  private flagIds = 0;

  constructor(
    private readonly policy: Policy,
    private readonly sweepBatchSize: number,
  ) {
    this.resolveStageKind = stageKindResolver(policy);
    this.applier = new EventApplier(this.resolveStageKind);
    const pipeline = this.pipeline;
    this.outbox = new MemoryOutbox({
      application(id) {
        const application = pipeline.application(id);
        if (!application) return null;
        return {
          status: application.projection.status,
          stageKind: application.projection.stageKind,
          snoozedUntil: application.snoozedUntil,
          lastHumanOutboundContactAt: application.projection.lastHumanOutboundContactAt,
          awaitingHumanReply: application.projection.oldestUnansweredInboundAt !== null,
        };
      },
      candidate: (id) => pipeline.candidate(id) ?? null,
      person: (id) => pipeline.person(id) ?? null,
    });
    this.rules = {
      policy,
      calendars: createCalendars(policy),
      newFlagId: () => `f${(this.flagIds += 1)}`,
      onEvaluationError: (error, applicationId) => {
        this.totals.evaluationErrors += 1;
        this.totals.firstEvaluationError ??= `${applicationId}: ${error instanceof Error ? error.message : String(error)}`;
      },
    };
  }

  async replay(
    entries: readonly HistoryEntry[],
    until: Date,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ReplayTotals> {
    this.totals = emptyTotals();
    this.clock = 0;
    const untilMs = until.getTime();
    for (const [index, entry] of entries.entries()) {
      const at = entry.at.getTime();
      if (at > untilMs) break;
      // What falls due before the event happens first; the event wins a tie (a human acting on time).
      await this.advance(at, false);
      this.clock = at;
      const outcome = await this.apply(
        entry.source,
        [{ event: entry.event, vendorPayload: entry.vendorPayload }],
        entry.at,
      );
      this.totals.applied += outcome.applied;
      this.totals.duplicates += outcome.duplicates;
      onProgress?.(index + 1, entries.length);
    }
    await this.advance(untilMs, true);
    return this.totals;
  }

  /** What ingestion does with a delivery: the pipeline applies it, and an erasure reaches the outbox. */
  private async apply(source: string, incoming: readonly IncomingEvent[], at: Date): Promise<ApplyOutcome> {
    const [outcome] = await this.applier.applyBatch(this.pipeline, [{ source, incoming }], at);
    for (const { candidateId } of outcome.erased) this.outbox.forgetCandidate(candidateId);
    return outcome;
  }

  private async advance(limit: number, inclusive: boolean): Promise<void> {
    let lastStop = -1;
    let stopsHere = 0;
    for (;;) {
      const due = earliest(this.pipeline.nextDueAt(), this.outbox.nextDueAt());
      if (due === null) return;
      if (inclusive ? due > limit : due >= limit) return;
      const at = due < this.clock ? this.clock : due;
      stopsHere = at === lastStop ? stopsHere + 1 : 0;
      if (stopsHere > maxStopsAtOneInstant)
        throw new Error(`the simulated clock is stuck at ${new Date(at).toISOString()}: something stays due`);
      lastStop = at;
      this.clock = at;
      this.totals.instants += 1;
      const now = new Date(at);
      await this.sweep(now);
      await this.deliverDue(now);
    }
  }

  /** The sweep at `now`: due applications in batches, evaluated, their flags kept, notifications planned. */
  private async sweep(now: Date): Promise<void> {
    const { pipeline, flags, outbox, rules } = this;
    const store = {
      loadFacts: async (ids: readonly string[]) => pipeline.loadFacts(ids),
      flagState: (ids: readonly string[]) => flags.flagState(ids),
      resolveFlags: flags.resolveFlags.bind(flags),
      insertFlags: flags.insertFlags.bind(flags),
      updateFlags: flags.updateFlags.bind(flags),
      insertFlagEvents: flags.insertFlagEvents.bind(flags),
      scheduleEvaluations: async (schedule: ReadonlyArray<{ id: string; nextEvaluationAt: Date | null }>) =>
        pipeline.scheduleEvaluations(schedule),
      plan: async (input: Parameters<typeof planNotifications>[1]) =>
        (await planNotifications(outbox, input, rules.policy, rules.calendars)).written,
    };
    for (;;) {
      const claimed = pipeline.claimDue(now, this.sweepBatchSize);
      if (claimed.length === 0) return;
      await evaluateApplications(store, rules, claimed, now);
      if (claimed.length < this.sweepBatchSize) return;
    }
  }

  /** Delivery at `now`: the guards the relay and the email processor apply, then the record of a send. */
  private async deliverDue(now: Date): Promise<void> {
    const { outbox } = this;
    const recording = {
      markSent: async (id: string, receipt: Parameters<MemoryOutbox['markSent']>[1]) =>
        outbox.markSent(id, receipt),
      applyToPipeline: (source: string, incoming: readonly IncomingEvent[], at: Date) =>
        this.applier.applyBatch(this.pipeline, [{ source, incoming }], at),
    };
    for (;;) {
      const rows = outbox.claimDue(now, deliveryBatch);
      for (const row of rows) {
        const decision = deliveryDecision(row, this.policy, this.rules.calendars, now);
        if (decision.action === 'hold') outbox.reschedule(row.id, decision.until);
        else if (decision.action !== 'send')
          outbox.setStatus([row.id], statusAfter(decision), decision.reason);
        else {
          outbox.setStatus([row.id], 'queued', null);
          await recordSent(
            recording,
            { id: row.id, kind: row.kind, applicationId: row.applicationId },
            {
              at: now,
              messageId: `<${row.id}@backtest.invalid>`,
              response: 'backtest: not sent',
              recipientEmail: '',
            },
          );
        }
      }
      if (rows.length < deliveryBatch) return;
    }
  }
}

function emptyTotals(): ReplayTotals {
  return { applied: 0, duplicates: 0, instants: 0, evaluationErrors: 0, firstEvaluationError: null };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
