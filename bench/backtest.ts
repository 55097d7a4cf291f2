import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { toNdjson } from '../test/support/backtest-history';
import { demoHistory } from './lib/backtest-histories';
import { copyHistory, copyPrefix } from './lib/copy-history';
import { dropDatabase, numberFromEnv, recreateDatabase, serverUrl } from './lib/support';

// bench/backtest: `node dist/cli.js backtest` against `node dist/cli.js import` on the same history,
// in the same run: the demo's history copied into BENCH_BACKTEST_COPIES independent teams (20:
// 43,780 events). Both are the whole command as an operator runs it (Node start included); the
// import goes into a fresh database migrated beforehand (timed apart). The report must equal the
// golden report of the single demo scaled by the number of copies (every count times N, the same
// medians and clock stops: the copies never meet), with --compare too. Target: backtest/import >= 1.
//
// Tunables: BENCH_BACKTEST_COPIES [20], BENCH_RUNS [2] (the best of each is kept), DATABASE_URL (its server).

const copies = numberFromEnv('BENCH_BACKTEST_COPIES', 20);
const runs = numberFromEnv('BENCH_RUNS', 2);
const target = 1;
const root = resolve(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const fixtures = 'test/fixtures/backtest';
const IMPORT_DATABASE = 'keepwarm_bench_backtest_import';

type Json = Record<string, unknown>;
interface Report {
  history: Json & { events: number; applied: number; applications: number };
  flags: { total: number; by_kind: Array<Json & { opened: number; applications: number }> };
  emails: {
    sent: Record<string, number>;
    suppressed: Record<string, number>;
    cancelled: Record<string, number>;
    pending_at_end: number;
  };
  silence: Json & {
    candidates: number;
    applications: number;
    longest: Array<{ application_id: string; business_days: number }>;
  };
  hiring_managers: Array<Json & { id: string; median_business_hours: number | null }>;
  policy: Json;
}

function times(record: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, value * n]));
}

/** The single demo's report as N independent copies of it would give. */
function scaled(report: Report, n: number): Report {
  const prefixes = Array.from({ length: n }, (_, index) => copyPrefix(index + 1, n));
  const longest = report.silence.longest
    .flatMap((entry) =>
      prefixes.map((prefix) => ({ ...entry, application_id: `${prefix}${entry.application_id}` })),
    )
    .sort(
      (a, b) =>
        b.business_days - a.business_days ||
        (a.application_id < b.application_id ? -1 : a.application_id > b.application_id ? 1 : 0),
    )
    .slice(0, report.silence.longest.length);
  const managers = report.hiring_managers
    .flatMap((manager) => prefixes.map((prefix) => ({ ...manager, id: `${prefix}${manager.id}` })))
    .sort(
      (a, b) =>
        (b.median_business_hours ?? -1) - (a.median_business_hours ?? -1) ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  return {
    ...report,
    history: {
      ...report.history,
      events: report.history.events * n,
      applied: report.history.applied * n,
      applications: report.history.applications * n,
    },
    flags: {
      total: report.flags.total * n,
      by_kind: report.flags.by_kind.map((kind) => ({
        ...kind,
        opened: kind.opened * n,
        applications: kind.applications * n,
      })),
    },
    emails: {
      sent: times(report.emails.sent, n),
      suppressed: times(report.emails.suppressed, n),
      cancelled: times(report.emails.cancelled, n),
      pending_at_end: report.emails.pending_at_end * n,
    },
    silence: {
      ...report.silence,
      candidates: report.silence.candidates * n,
      applications: report.silence.applications * n,
      longest,
    },
    hiring_managers: managers,
  };
}

function golden(name: string): Json {
  return JSON.parse(readFileSync(join(root, fixtures, 'golden', `${name}.json`), 'utf8')) as Json;
}

function timed(args: string[], env: NodeJS.ProcessEnv): { seconds: number; stdout: string } {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'silent',
      REDIS_URL: 'redis://127.0.0.1:1',
      ...env,
    },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`node dist/cli.js ${args[0]} failed (${run.status}): ${run.stderr}`);
  return { seconds, stdout: run.stdout };
}

function backtest(history: string, extra: string[], expected: Json): number {
  const { seconds, stdout } = timed(['backtest', '--history', history, ...extra, '--json'], {
    // Nothing listens there: the backtest needs no database.
    DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable',
  });
  const report = JSON.parse(stdout) as Json;
  if (!isDeepStrictEqual(report, expected)) {
    writeFileSync(join(tmpdir(), 'bench-backtest-actual.json'), stdout);
    writeFileSync(join(tmpdir(), 'bench-backtest-expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
    throw new Error(
      `the report is not the golden one scaled by ${copies} (see ${tmpdir()}/bench-backtest-*.json)`,
    );
  }
  return seconds;
}

async function importOnce(history: string, events: number): Promise<{ seconds: number; migrate: number }> {
  await recreateDatabase(IMPORT_DATABASE);
  try {
    const env = { DATABASE_URL: serverUrl(IMPORT_DATABASE), MIGRATIONS_RUN: 'false' };
    const migrate = timed(['migrate'], env).seconds;
    const { seconds, stdout } = timed(['import', history], env);
    if (!stdout.includes(`imported ${events} event(s)`)) throw new Error(`import said: ${stdout}`);
    return { seconds, migrate };
  } finally {
    await dropDatabase(IMPORT_DATABASE);
  }
}

const best = (values: number[]) => Math.min(...values);

export async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'keepwarm-bench-backtest-'));
  try {
    const events = copyHistory(demoHistory(), copies);
    const history = join(directory, `demo-x${copies}.ndjson`);
    writeFileSync(history, toNdjson(events));
    const single = scaled(golden('demo.default') as unknown as Report, copies);
    const pair = golden('demo.default-vs-fast') as { baseline: Report; candidate: Report };
    const compared = { baseline: scaled(pair.baseline, copies), candidate: scaled(pair.candidate, copies) };
    process.stdout.write(
      `history: the demo copied into ${copies} teams, ${events.length} events; best of ${runs} run(s) each, whole commands\n`,
    );

    const backtests: number[] = [];
    const imports: number[] = [];
    const comparisons: number[] = [];
    let migrate = 0;
    for (let run = 0; run < runs; run += 1) {
      backtests.push(backtest(history, [], single as unknown as Json));
      const imported = await importOnce(history, events.length);
      imports.push(imported.seconds);
      migrate = imported.migrate;
      comparisons.push(
        backtest(history, ['--compare', `${fixtures}/fast-policy.json`], compared as unknown as Json),
      );
    }
    const rate = (seconds: number) => events.length / seconds;
    const backtestRate = rate(best(backtests));
    const importRate = rate(best(imports));
    const compareRate = rate(best(comparisons));
    const ratio = backtestRate / importRate;
    const compareRatio = compareRate / importRate;
    const verdict = (value: number) => (value >= target ? 'met' : 'NOT met');
    process.stdout.write(
      `backtest: ${backtestRate.toFixed(0)} events/s (${best(backtests).toFixed(1)} s; runs ${backtests.map((s) => s.toFixed(1)).join(', ')} s); ` +
        `the report is the golden demo report x${copies}\n` +
        `import:   ${importRate.toFixed(0)} events/s (${best(imports).toFixed(1)} s into a fresh database; runs ${imports.map((s) => s.toFixed(1)).join(', ')} s; migrate ${migrate.toFixed(1)} s apart)\n` +
        `backtest --compare fast-policy.json: ${compareRate.toFixed(0)} history events/s (${best(comparisons).toFixed(1)} s for both policies, ` +
        `${(2 * compareRate).toFixed(0)} events/s per replay); the reports are the golden comparison x${copies}\n` +
        `ratio backtest/import: ${ratio.toFixed(2)} (target >= ${target}: ${verdict(ratio)})\n` +
        `ratio backtest --compare/import: ${compareRatio.toFixed(2)} (${verdict(compareRatio)} for two policies in the time of one import)\n`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
