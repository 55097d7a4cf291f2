import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BacktestReport } from '../../src/backtest/backtest-report';
import { readHistory } from '../../src/backtest/history';
import { runBacktest } from '../../src/backtest/run-backtest';
import { handBuiltFileOrder, toNdjson } from '../support/backtest-history';

// The backtest on the hand-built history of test/support/backtest-history.ts, whose answers are known
// by hand: a candidate nobody contacts, and a hiring manager who takes three days.

describe('backtest', () => {
  let directory: string;
  let historyFile: string;
  let fasterPolicy: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'keepwarm-backtest-'));
    historyFile = join(directory, 'history.ndjson');
    writeFileSync(historyFile, toNdjson(handBuiltFileOrder));
    fasterPolicy = join(directory, 'faster.json');
    writeFileSync(fasterPolicy, JSON.stringify({ silence_business_days: 3 }));
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const run = async (policyFile?: string): Promise<BacktestReport> =>
    runBacktest({ history: await readHistory(historyFile), policyFile, silentDays: 4 });

  it('reports what the default policy would have done, with the answers known by hand', async () => {
    const report = await run();
    const kind = (name: string) => report.flags.by_kind.find((row) => row.kind === name)!;

    expect(report.history).toMatchObject({
      events: 7,
      applied: 7,
      applications: 2,
      until: '2026-03-10T12:00:00.000Z',
    });
    // A: silent after 5 business days (Monday to Monday: 168 clock hours), one keep-warm update.
    expect(kind('candidate_silent')).toMatchObject({ opened: 1, applications: 1, median_hours_waiting: 168 });
    // B: overdue at 48 business hours, one reminder; answered before 2x, so no repeat.
    expect(kind('feedback_overdue')).toMatchObject({ opened: 1, applications: 1, median_hours_waiting: 48 });
    expect(report.flags.total).toBe(2);
    expect(report.emails.sent).toEqual({ feedback_reminder: 1, keep_warm: 1 });
    // Only A went more than 4 business days without contact (5, before its update).
    expect(report.silence).toMatchObject({ candidates: 1, applications: 2 });
    expect(report.silence.longest).toEqual([{ application_id: 'app_a', business_days: 5 }]);
    expect(report.hiring_managers).toEqual([
      {
        id: 'hm_bt',
        name: 'Sam Slow',
        feedback_periods: 1,
        still_waiting: 0,
        median_hours: 72,
        p90_hours: 72,
        median_business_hours: 72,
        p90_business_hours: 72,
      },
    ]);
  });

  it('flags earlier under a policy with 3 days of silence', async () => {
    const [baseline, faster] = [await run(), await run(fasterPolicy)];
    const silent = (report: BacktestReport) =>
      report.flags.by_kind.find((row) => row.kind === 'candidate_silent')!;
    expect(silent(faster).opened).toBeGreaterThan(silent(baseline).opened);
    expect(silent(faster).median_hours_waiting).toBe(72);
    expect(faster.emails.sent.keep_warm).toBeGreaterThan(baseline.emails.sent.keep_warm);
  });

  it('is deterministic: the same history and policy give the same report', async () => {
    const first = JSON.stringify(await run(fasterPolicy));
    const second = JSON.stringify(await run(fasterPolicy));
    expect(second).toBe(first);
  });

  it('runs from the CLI with --compare and --json, with no database or Redis to reach', () => {
    const cli = resolve(__dirname, '../../dist/cli.js');
    const env = {
      ...process.env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable',
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:1',
    };
    const args = [cli, 'backtest', '--history', historyFile, '--compare', fasterPolicy, '--silent-days', '4'];
    const json = spawnSync(process.execPath, [...args, '--json'], { env, encoding: 'utf8' });
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const body = JSON.parse(json.stdout) as { baseline: BacktestReport; candidate: BacktestReport };
    expect(body.baseline.emails.sent).toEqual({ feedback_reminder: 1, keep_warm: 1 });
    expect(body.candidate.policy.silence_business_days).toBe(3);
    const again = spawnSync(process.execPath, [...args, '--json'], { env, encoding: 'utf8' });
    expect(again.stdout).toBe(json.stdout);

    const text = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/candidate_silent\s+1\s+\d+\s+\+\d/);
    expect(text.stdout).toContain('Sam Slow (hm_bt)');
  });
});
