import { median, numberFromEnv, serverUrl, withClient } from './lib/support';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { SweepRepository } from '../src/attention/sweep.repository';
import { SweepService } from '../src/attention/sweep.service';
import { AppConfig } from '../src/config/app-config';
import { loadEnv } from '../src/config/env';
import { dataSourceOptions } from '../src/app/data-source';
import { runMigrationsLocked } from '../src/infra/database/migrate';
import { MetricsService } from '../src/infra/metrics/metrics.service';
import { NotificationPlanner } from '../src/notifications/notification-planner';
import { NotificationsRepository } from '../src/notifications/notifications.repository';
import { OutboxService } from '../src/notifications/outbox.service';
import { ApplicationsRepository } from '../src/pipeline/applications.repository';
import { PipelineRepository } from '../src/pipeline/pipeline.repository';
import { PipelineService } from '../src/pipeline/pipeline.service';
import { UnknownStageNamesRepository } from '../src/pipeline/unknown-stage-names.repository';
import { UnknownStageNames } from '../src/pipeline/unknown-stage-names.service';
import { defaultPolicy } from '../src/policy';

// bench/sweep: cost follows what is due, not the size of the pipeline. 100,000 and then 1,000,000
// active applications are bulk-loaded set-based in PostgreSQL (INSERT ... SELECT generate_series, the
// COPY spirit without a client library), then the same due work is swept at both sizes:
//   - 1% of each size due (1,000 of 100k, 10,000 of 1M), as the issue frames it;
//   - exactly 10,000 due at both sizes, so the 1M/100k ratio compares equal due work.
// For each: the due-rows query alone, and a full sweep of the due rows (claim with SKIP LOCKED,
// facts, evaluate(), flags and their history, next_evaluation_at), median of BENCH_SWEEP_RUNS.
// Targets: sweep(1M) / sweep(100k) at 10,000 due <= 1.5; 10,000 due swept in < 5 s.
// The sweep is measured whole, notification planning included (the planner is part of every sweep).
//
// Tunables: BENCH_SWEEP_SMALL [100000], BENCH_SWEEP_LARGE [1000000], BENCH_SWEEP_DUE [10000],
// BENCH_SWEEP_RUNS [3], DATABASE_URL (its server is used; the database is keepwarm_bench_sweep).

const small = numberFromEnv('BENCH_SWEEP_SMALL', 100_000);
const large = numberFromEnv('BENCH_SWEEP_LARGE', 1_000_000);
const fixedDue = numberFromEnv('BENCH_SWEEP_DUE', 10_000);
const runs = numberFromEnv('BENCH_SWEEP_RUNS', 3);
const DATABASE = 'keepwarm_bench_sweep';
const ratioTarget = 1.5;
const fixedDueTargetMs = 5_000;

// ---- bulk load --------------------------------------------------------------------------------

const recruiters = 40;
const managers = 120;
const jobs = 800;

async function loadDirectory(client: Client): Promise<void> {
  // A realistic mix of calendars: holidays in two countries, and the policy's UTC.
  await client.query(
    `INSERT INTO people (id, name, email, timezone, country, as_of)
     SELECT 'bench_person_' || i, 'Person ' || i, 'person' || i || '@example.com',
            (ARRAY['America/New_York', 'Europe/London', 'UTC'])[1 + i % 3], (ARRAY['US', 'GB', NULL])[1 + i % 3], now()
     FROM generate_series(1, $1::int) AS i`,
    [recruiters + managers],
  );
  await client.query(
    `INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
     SELECT 'bench_job_' || j, 'Role ' || j, 'open', now() - interval '90 days',
            'bench_person_' || (1 + j % $2::int), 'bench_person_' || ($2::int + 1 + j % $3::int), now()
     FROM generate_series(1, $1::int) AS j`,
    [jobs, recruiters, managers],
  );
}

// The applications' secondary indexes, as the migrations define them: dropped during a bulk load
// and built once afterwards, as any bulk load into PostgreSQL does.
const secondaryIndexes = [
  `CREATE INDEX "applications_candidate_idx" ON "applications" ("candidate_id")`,
  `CREATE INDEX "applications_job_idx" ON "applications" ("job_id")`,
  `CREATE INDEX "applications_due_idx" ON "applications" ("next_evaluation_at") WHERE next_evaluation_at IS NOT NULL`,
];

/** Applications `from`..`to`, none due: their next evaluation is spread over the coming weeks. */
async function loadApplications(client: Client, from: number, to: number): Promise<void> {
  await client.query(`SET maintenance_work_mem = '256MB'`);
  await client.query(`DROP INDEX applications_candidate_idx, applications_job_idx, applications_due_idx`);
  await client.query(
    `INSERT INTO candidates (id, name, email, timezone, country, source_kind, can_email, as_of)
     SELECT 'bench_cand_' || i, 'Candidate ' || i, 'cand' || i || '@example.com', NULL, NULL,
            CASE WHEN i % 20 = 0 THEN 'agency' ELSE 'direct' END, true, now()
     FROM generate_series($1::int, $2::int) AS i`,
    [from, to],
  );
  // Four shapes of pipeline, so that due rows exercise every clock: silence, feedback, replies, scheduling.
  await client.query(
    `INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at, url,
       applied_at, last_outbound_contact_at, last_human_outbound_contact_at, oldest_unanswered_inbound_at,
       awaiting_feedback_since, scheduling_clock_since, scheduled_interviews_in_stage, reschedules_in_stage,
       next_evaluation_at, last_event_at)
     SELECT 'bench_app_' || i, 'bench_cand_' || i, 'bench_job_' || (1 + i % $3::int), 'canonical', 'active',
            s.name, s.kind, created + interval '1 day', NULL,
            created,
            CASE WHEN i % 3 = 0 THEN created + interval '2 days' END,
            CASE WHEN i % 3 = 0 THEN created + interval '2 days' END,
            CASE WHEN i % 7 = 0 THEN now() - interval '4 days' END,
            CASE WHEN s.kind = 'hiring_manager_review' THEN created + interval '1 day' END,
            CASE WHEN s.kind = 'interview' THEN created + interval '1 day' END,
            0, 0,
            now() + interval '1 minute' * (60 + i % 40000),
            created
     FROM generate_series($1::int, $2::int) AS i
     CROSS JOIN LATERAL (SELECT now() - interval '1 hour' * (24 + i % 720) AS created) c
     CROSS JOIN LATERAL (SELECT (ARRAY['Applied', 'Phone Screen', 'Hiring Manager Review', 'Onsite'])[1 + i % 4] AS name,
                                (ARRAY['applied', 'recruiter_screen', 'hiring_manager_review', 'interview'])[1 + i % 4] AS kind) s`,
    [from, to, jobs],
  );
  for (const statement of secondaryIndexes) await client.query(statement);
}

// ---- scenarios --------------------------------------------------------------------------------

interface Measure {
  size: number;
  due: number;
  queryMs: number;
  sweepMs: number;
  evaluated: number;
  opened: number;
}

/** Applications 1..size in steps so that `due` of them are spread evenly over the whole table. */
function dueIds(size: number, due: number): string[] {
  const step = Math.floor(size / due);
  return Array.from({ length: due }, (_, index) => `bench_app_${1 + index * step}`);
}

/** Makes exactly these applications due (and nothing else), with no flags yet, as after a quiet night. */
async function arm(client: Client, ids: string[]): Promise<void> {
  await client.query(`TRUNCATE flags, flag_events`);
  await client.query(
    `UPDATE applications SET next_evaluation_at = now() + interval '1 minute' * (60 + hashtext(id) % 40000 + 40000)
     WHERE next_evaluation_at <= now() + interval '1 minute' OR next_evaluation_at IS NULL`,
  );
  await client.query(
    `UPDATE applications SET next_evaluation_at = now() - interval '1 second' * (1 + hashtext(id) % 3600 + 3600) WHERE id = ANY($1)`,
    [ids],
  );
  // What autovacuum would have done by the next tick: the partial index holds only live due rows.
  await client.query(`VACUUM ANALYZE applications`);
  await client.query(`VACUUM ANALYZE flags`);
}

async function timeDueQuery(client: Client): Promise<{ ms: number; rows: number }> {
  const timings: number[] = [];
  let rows = 0;
  for (let run = 0; run < 5; run += 1) {
    const started = process.hrtime.bigint();
    const result = await client.query(
      `SELECT id FROM applications WHERE next_evaluation_at <= $1 ORDER BY next_evaluation_at`,
      [new Date()],
    );
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    rows = result.rowCount ?? 0;
  }
  return { ms: median(timings), rows };
}

async function measure(client: Client, sweep: SweepService, size: number, due: number): Promise<Measure> {
  const ids = dueIds(size, due);
  const sweepTimings: number[] = [];
  let queryMs = 0;
  let evaluated = 0;
  let opened = 0;
  for (let run = 0; run < runs; run += 1) {
    await arm(client, ids);
    const query = await timeDueQuery(client);
    if (query.rows !== due) throw new Error(`expected ${due} due rows, found ${query.rows}`);
    queryMs += query.ms / runs;
    const started = process.hrtime.bigint();
    const result = await sweep.sweep(new Date());
    sweepTimings.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.evaluated !== due) throw new Error(`the sweep evaluated ${result.evaluated} of ${due} due`);
    evaluated = result.evaluated;
    opened = result.opened;
  }
  const result = { size, due, queryMs, sweepMs: median(sweepTimings), evaluated, opened };
  process.stdout.write(
    `  ${size.toLocaleString('en-US').padStart(9)} applications, ${due.toLocaleString('en-US').padStart(6)} due: ` +
      `due-rows query ${result.queryMs.toFixed(1)} ms, sweep ${result.sweepMs.toFixed(0)} ms ` +
      `(${result.opened.toLocaleString('en-US')} flags opened, ${(result.sweepMs / due).toFixed(3)} ms per due application)\n`,
  );
  return result;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// ---- main -------------------------------------------------------------------------------------

export async function main(): Promise<void> {
  // The sweep logs each run; the bench prints its own lines.
  Logger.overrideLogger(false);
  if (large <= small) throw new Error('BENCH_SWEEP_LARGE must be larger than BENCH_SWEEP_SMALL');
  if (fixedDue > small) throw new Error('BENCH_SWEEP_DUE must not exceed BENCH_SWEEP_SMALL');
  await withClient(serverUrl('postgres'), async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
  });
  const env = loadEnv({ ...process.env, DATABASE_URL: serverUrl(DATABASE), LOG_LEVEL: 'silent' });
  const config = new AppConfig(env, defaultPolicy);
  const dataSource = new DataSource({
    ...dataSourceOptions({ url: env.databaseUrl, poolSize: 4, applicationName: 'keepwarm-bench-sweep' }),
    // Compiled beside this file: dist-bench/bench -> dist-bench/migrations.
    migrations: [join(__dirname, '..', 'migrations', '*.js')],
  });
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
    const metrics = new MetricsService();
    const notifications = new NotificationsRepository();
    const pipeline = new PipelineService(
      dataSource,
      new PipelineRepository(),
      new ApplicationsRepository(),
      config,
      metrics,
      new UnknownStageNames(dataSource, new UnknownStageNamesRepository(), config),
    );
    const planner = new NotificationPlanner(
      notifications,
      new OutboxService(notifications, metrics, dataSource),
      config,
      metrics,
    );
    const sweep = new SweepService(dataSource, new SweepRepository(), pipeline, planner, config, metrics);
    process.stdout.write(
      `sweep batch size ${env.sweepBatchSize}; median of ${runs} sweeps per line; load average ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs\n`,
    );

    await withClient(serverUrl(DATABASE), async (client) => {
      let started = Date.now();
      await loadDirectory(client);
      await loadApplications(client, 1, small);
      await client.query(`VACUUM ANALYZE`);
      process.stdout.write(
        `loaded ${small.toLocaleString('en-US')} applications in ${seconds(Date.now() - started)}\n`,
      );
      const smallOnePercent = await measure(client, sweep, small, Math.round(small / 100));
      const smallFixed = await measure(client, sweep, small, fixedDue);

      started = Date.now();
      await loadApplications(client, small + 1, large);
      await client.query(`VACUUM ANALYZE`);
      process.stdout.write(
        `loaded ${(large - small).toLocaleString('en-US')} more applications in ${seconds(Date.now() - started)}\n`,
      );
      const largeOnePercent = await measure(client, sweep, large, Math.round(large / 100));
      const largeFixed =
        Math.round(large / 100) === fixedDue
          ? largeOnePercent
          : await measure(client, sweep, large, fixedDue);

      const sweepRatio = largeFixed.sweepMs / smallFixed.sweepMs;
      const queryRatio = largeFixed.queryMs / smallFixed.queryMs;
      const perApplicationRatio =
        largeOnePercent.sweepMs / largeOnePercent.due / (smallOnePercent.sweepMs / smallOnePercent.due);
      process.stdout.write(
        [
          `same due work (${fixedDue.toLocaleString('en-US')} due at both sizes):`,
          `  sweep ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}: ${sweepRatio.toFixed(2)} (target <= ${ratioTarget}) ${sweepRatio <= ratioTarget ? 'OK' : 'MISSED'}`,
          `  due-rows query ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}: ${queryRatio.toFixed(2)}`,
          `  ${fixedDue.toLocaleString('en-US')} due swept in ${seconds(largeFixed.sweepMs)} at ${large.toLocaleString('en-US')} (target < ${seconds(fixedDueTargetMs)}) ${largeFixed.sweepMs < fixedDueTargetMs ? 'OK' : 'MISSED'}`,
          `1% due at each size: per-due-application cost ${large.toLocaleString('en-US')} / ${small.toLocaleString('en-US')}: ${perApplicationRatio.toFixed(2)} ` +
            `(total ${seconds(largeOnePercent.sweepMs)} vs ${seconds(smallOnePercent.sweepMs)} for ${(largeOnePercent.due / smallOnePercent.due).toFixed(0)}x the due rows)`,
          '',
        ].join('\n'),
      );
    });
  } finally {
    await dataSource.destroy();
    if (process.env.BENCH_KEEP_DATABASE !== 'true') {
      await withClient(serverUrl('postgres'), (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`),
      );
    }
  }
}
