import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { formatComparison, formatReport, type BacktestOutcome } from '../backtest/backtest-report';
import { renderHtmlReport } from '../backtest/backtest-html';
import { readHistory } from '../backtest/history';
import { replayBacktest, type BacktestRun } from '../backtest/run-backtest';
import { loadPolicy } from '../config/policy-file';
import type { AppConfig } from '../config/app-config';
import { ProgressLine } from '../infra/terminal/progress';
import type { CommandOptions } from './command-line';

/**
 * `node dist/cli.js backtest --history <file.ndjson[.gz]|dir> [--policy p] [--compare other] [--json]
 * [--html report.html] [--silent-days N] [--until ISO] [--source name]`: what a policy would have done
 * on a history. The options are checked before it runs (command-line.ts).
 */
export async function backtestCommand(config: AppConfig, options: CommandOptions): Promise<number> {
  const historyPath = String(options.history);
  const silentDays = options['silent-days'] === undefined ? 10 : Number(options['silent-days']);
  const until = options.until === undefined ? undefined : new Date(String(options.until));
  const htmlPath = options.html;
  let history;
  try {
    history = await readHistory(historyPath, String(options.source ?? 'canonical'));
  } catch (error) {
    process.stderr.write(`${historyPath}: cannot be read (${describe(error)})\n`);
    return 1;
  }
  for (const problem of history.problems) process.stderr.write(`${problem}\n`);
  if (history.entries.length === 0) {
    process.stderr.write(`${historyPath}: no events to replay\n`);
    return 1;
  }

  const policies = [options.policy as string | undefined];
  if (options.compare !== undefined) policies.push(String(options.compare));
  // A policy file that cannot be used stops here, with its own message, before any replay starts.
  for (const policyFile of policies) loadPolicy(policyFile);
  const run = (policyFile: string | undefined): Omit<BacktestRun, 'onProgress'> => ({
    history,
    policyFile,
    silentDays,
    until,
    sweepBatchSize: config.env.sweepBatchSize,
  });
  // The candidate on a thread of its own, the baseline here; the bar follows the baseline.
  const candidate = policies.length > 1 ? replayOnThread(run(policies[1])) : null;
  const progress = new ProgressLine(process.stderr, candidate ? 'baseline and candidate' : 'replaying');
  const outcomes: BacktestOutcome[] = [];
  try {
    outcomes.push(
      await replayBacktest({
        ...run(policies[0]),
        onProgress: (done, total) => progress.update(done, total),
      }),
    );
  } finally {
    progress.finish();
  }
  if (candidate) outcomes.push(await candidate);
  const reports = outcomes.map((outcome) => outcome.report);

  if (typeof htmlPath === 'string') {
    await writeFile(htmlPath, renderHtmlReport(outcomes));
    process.stderr.write(`wrote ${htmlPath}\n`);
  }
  if (options.json) {
    const body = reports.length === 1 ? reports[0] : { baseline: reports[0], candidate: reports[1] };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    process.stdout.write(
      reports.length === 1 ? formatReport(reports[0]) : formatComparison(reports[0], reports[1]),
    );
  }
  return 0;
}

function replayOnThread(run: Omit<BacktestRun, 'onProgress'>): Promise<BacktestOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'backtest-worker.js'), { workerData: run });
    worker.once('message', (outcome: BacktestOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the candidate's replay stopped (exit code ${code})`));
    });
  });
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
