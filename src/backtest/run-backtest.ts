import { ConfigError } from '../config/config-error';
import { loadPolicy } from '../config/policy-file';
import { buildOutcome, type BacktestOutcome, type BacktestReport } from './backtest-report';
import { BacktestReplay } from './backtest-replay';
import type { LoadedHistory } from './history';

export interface BacktestRun {
  history: LoadedHistory;
  /** The policy file to try; undefined: the defaults. */
  policyFile?: string;
  /** Business days without contact that count a candidate as left in silence. */
  silentDays: number;
  /** Where the clock stops; default: the last event of the history. */
  until?: Date;
  /** Applications evaluated per sweep batch (SWEEP_BATCH_SIZE). */
  sweepBatchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Told when evaluations threw (each application was retried 15 minutes later, as the service does). */
  onEvaluationErrors?: (count: number, first: string) => void;
}

/**
 * One backtest: the history replayed in memory through the pipeline's applier, the sweep's
 * evaluation and the planner under a simulated clock, and the report built from what it left.
 * Needs no database, no Redis, and sends nothing.
 */
export async function runBacktest(run: BacktestRun): Promise<BacktestReport> {
  return (await replayBacktest(run)).report;
}

/** The backtest's report and the data of its charts (the HTML report). */
export async function replayBacktest(run: BacktestRun): Promise<BacktestOutcome> {
  const policy = loadPolicy(run.policyFile);
  const { entries } = run.history;
  const until = run.until ?? entries[entries.length - 1]?.at;
  if (!until) throw new ConfigError('the history holds no events to replay');
  const replay = new BacktestReplay(policy, run.sweepBatchSize ?? 500);
  const totals = await replay.replay(entries, until, run.onProgress);
  if (totals.evaluationErrors > 0)
    run.onEvaluationErrors?.(totals.evaluationErrors, totals.firstEvaluationError ?? '');
  const { pipeline } = replay;
  return buildOutcome({
    policy,
    policyFile: run.policyFile ?? null,
    history: {
      events: entries.length,
      applied: totals.applied,
      duplicates: totals.duplicates,
      skipped: run.history.skipped,
      from: entries[0]?.at.toISOString() ?? null,
      until: until.toISOString(),
      clock_stops: totals.instants,
    },
    flags: replay.flags.flags().map((flag) => ({
      applicationId: flag.applicationId,
      kind: flag.kind,
      raisedAt: flag.raisedAt,
      waitingSince: flag.waitingSince,
      appliedAt: pipeline.application(flag.applicationId)!.projection.appliedAt,
    })),
    notifications: replay.outbox.countsByOutcome(),
    sentEmails: replay.outbox
      .notifications()
      .flatMap((row) =>
        row.status === 'sent' && row.sentAt ? [{ kind: row.kind, sentAt: row.sentAt }] : [],
      ),
    feedbackPeriods: pipeline.feedbackPeriods(),
    timelines: pipeline.timelines(),
    resolveStageKind: replay.resolveStageKind,
    silentDays: run.silentDays,
    until,
  });
}
