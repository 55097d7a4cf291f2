import { formatComparison, formatReport } from '../backtest/backtest-report';
import { readHistory } from '../backtest/history';
import { runBacktest } from '../backtest/run-backtest';
import type { AppConfig } from '../config/app-config';
import { progressBar } from '../demo/progress';
import type { CommandOptions } from './command-line';

/**
 * `node dist/cli.js backtest --history <file.ndjson|dir> [--policy p] [--compare other] [--json]
 * [--silent-days N] [--until ISO] [--source name]`: what a policy would have done on a history. The
 * options are checked before it runs (command-line.ts).
 */
export async function backtestCommand(config: AppConfig, options: CommandOptions): Promise<number> {
  const historyPath = String(options.history);
  const silentDays = options['silent-days'] === undefined ? 10 : Number(options['silent-days']);
  const until = options.until === undefined ? undefined : new Date(String(options.until));
  const history = await readHistory(historyPath, String(options.source ?? 'canonical'));
  for (const problem of history.problems) process.stderr.write(`${problem}\n`);
  if (history.entries.length === 0) {
    process.stderr.write(`${historyPath}: no events to replay\n`);
    return 1;
  }

  const policies = [options.policy as string | undefined];
  if (options.compare !== undefined) policies.push(String(options.compare));
  const showProgress = process.stderr.isTTY === true;
  const reports = [];
  for (const [index, policyFile] of policies.entries()) {
    const label = policies.length > 1 ? (index === 0 ? 'baseline ' : 'candidate') : 'replaying';
    const report = await runBacktest(config, {
      history,
      policyFile,
      silentDays,
      until,
      onProgress: showProgress
        ? (done, total) => process.stderr.write(`\r${progressBar(label, done, total)}`)
        : undefined,
    });
    if (showProgress) process.stderr.write('\n');
    reports.push(report);
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
