import { parentPort, workerData } from 'node:worker_threads';
import { replayBacktest, type BacktestRun } from '../backtest/run-backtest';

// `backtest --compare` replays the candidate policy on a thread of its own while the main thread
// replays the baseline: the replays share nothing, and a comparison then takes the time of one.

const run = workerData as Omit<BacktestRun, 'onProgress'>;
replayBacktest({
  ...run,
  onEvaluationErrors: (count, first) =>
    process.stderr.write(
      `candidate: ${count} evaluation(s) failed and were retried 15 minutes later; the first: ${first}\n`,
    ),
}).then(
  (outcome) => parentPort!.postMessage(outcome),
  (error: unknown) => {
    throw error;
  },
);
