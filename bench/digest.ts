import { deleteKeysMatching } from '../src/infra/queue/redis';
import { median, numberFromEnv, serverUrl, withClient } from './lib/support';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../src/app/api.module';
import { AppConfig } from '../src/config/app-config';
import { loadEnv } from '../src/config/env';
import { DigestsRepository } from '../src/digests/digests.repository';
import { DigestsService } from '../src/digests/digests.service';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/app/data-source';
import { ensureDatabaseExists, runMigrationsLocked } from '../src/infra/database/migrate';
import { defaultPolicy } from '../src/policy';

// bench/digest: 1,000 recruiters with 50 open flags each (bulk-loaded with INSERT ... SELECT
// generate_series into a database of its own), every digest composed and queued through the real
// DigestsService and outbox (as POST /v1/digests does), beside the due-flags query alone (the one
// statement that fetches all those open flags with their candidates, jobs, managers and sends).
// The ratio says what composing, storing and queueing cost on top of reading.
//
// Tunables: BENCH_RECRUITERS [1000], BENCH_FLAGS_PER_RECRUITER [50], BENCH_RUNS [3],
// BENCH_KEEP_DATABASE [false], DATABASE_URL (its server is used), REDIS_URL.

const recruiters = numberFromEnv('BENCH_RECRUITERS', 1000);
const flagsPerRecruiter = numberFromEnv('BENCH_FLAGS_PER_RECRUITER', 50);
const runs = numberFromEnv('BENCH_RUNS', 3);
const DATABASE = 'keepwarm_bench_digest';

const kinds = [
  ['competing_offer_deadline', 'expedite', 'urgent', 3],
  ['update_promise_missed', 'send_status_update', 'high', 2],
  ['candidate_awaiting_reply', 'reply_to_candidate', 'medium', 1],
  ['feedback_overdue', 'nudge_hiring_manager', 'high', 2],
  ['decision_overdue', 'consider_rejection', 'high', 2],
  ['candidate_silent', 'send_keep_warm_update', 'medium', 1],
  ['scheduling_stalled', 'schedule_next_round', 'medium', 1],
  ['job_closed_with_active_candidates', 'close_out_candidates', 'medium', 1],
] as const;

/** Recruiters in several timezones, two jobs each, one open flag per application, history around them. */
async function load(url: string): Promise<void> {
  const applications = recruiters * flagsPerRecruiter;
  const managers = Math.max(1, Math.floor(recruiters / 5));
  const kindValues = kinds
    .map(
      ([kind, action, severity, rank], index) => `(${index}, '${kind}', '${action}', '${severity}', ${rank})`,
    )
    .join(', ');
  await withClient(url, async (client) => {
    await client.query(
      `INSERT INTO people (id, name, email, timezone, country, as_of)
       SELECT 'rec_' || n, 'Recruiter ' || n, 'rec' || n || '@example.com',
              (ARRAY['Europe/London','America/New_York','America/Los_Angeles','Asia/Tokyo','Europe/Berlin'])[1 + n % 5],
              (ARRAY['GB','US','US','JP','DE'])[1 + n % 5], now()
         FROM generate_series(1, $1) AS n`,
      [recruiters],
    );
    await client.query(
      `INSERT INTO people (id, name, email, as_of)
       SELECT 'hm_' || n, 'Manager ' || n, 'hm' || n || '@example.com', now() FROM generate_series(1, $1) AS n`,
      [managers],
    );
    await client.query(
      `INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
       SELECT 'job_' || n, 'Role ' || n, CASE WHEN n % 10 = 0 THEN 'on_hold' ELSE 'open' END, now() - interval '20 days',
              'rec_' || (1 + (n - 1) / 2), 'hm_' || (1 + n % $2), now()
         FROM generate_series(1, $1) AS n`,
      [recruiters * 2, managers],
    );
    await client.query(
      `INSERT INTO candidates (id, name, email, as_of)
       SELECT 'cand_' || n, 'Candidate ' || n, 'cand' || n || '@example.com', now() FROM generate_series(1, $1) AS n`,
      [applications],
    );
    // Application n belongs to recruiter 1 + (n-1)/flagsPerRecruiter, split over their two jobs.
    await client.query(
      `INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at,
         url, applied_at, awaiting_feedback_since, last_event_at)
       SELECT 'app_' || n, 'cand_' || n,
              'job_' || (2 * ((n - 1) / $2) + 1 + n % 2), 'canonical', 'active', 'Onsite', 'interview',
              now() - interval '12 days', 'https://ats.example.com/applications/' || n, now() - interval '30 days',
              now() - interval '8 days', now()
         FROM generate_series(1, $1) AS n`,
      [applications, flagsPerRecruiter],
    );
    await client.query(
      `INSERT INTO flags (application_id, kind, action, severity, severity_rank, cause, status, raised_at,
         waiting_since, details)
       SELECT 'app_' || n, k.kind, k.action, k.severity, k.rank, k.kind || ':' || n, 'open',
              now() - interval '1 day', now() - (n % 200) * interval '1 hour',
              jsonb_build_object('hours_waiting', 48 + n % 100, 'business_days_silent', 5 + n % 7,
                                 'business_days_waiting', 3 + n % 9, 'deadline', now() + interval '3 days',
                                 'business_days_left', 2)
         FROM generate_series(1, $1) AS n
         JOIN (VALUES ${kindValues}) AS k(i, kind, action, severity, rank) ON k.i = n % 8`,
      [applications],
    );
    // What keepwarm already did: an update sent to every third candidate, reminders to every fourth manager wait.
    await client.query(
      `INSERT INTO notifications (kind, idempotency_key, application_id, candidate_id, recipient_role, scheduled_for,
         status, sent_at)
       SELECT 'keep_warm', 'kw:' || n, 'app_' || n, 'cand_' || n, 'candidate', now() - interval '3 days', 'sent',
              now() - interval '3 days'
         FROM generate_series(1, $1) AS n WHERE n % 3 = 0
       UNION ALL
       SELECT 'feedback_reminder', 'fr:' || n || ':' || r, 'app_' || n, 'cand_' || n, 'hiring_manager',
              now() - r * interval '2 days', 'sent', now() - r * interval '2 days'
         FROM generate_series(1, $1) AS n, generate_series(1, 2) AS r WHERE n % 4 = 0`,
      [applications],
    );
    await client.query(
      `INSERT INTO feedback_periods (application_id, started_at, hiring_manager_id, ended_at, ended_by)
       SELECT 'hist_' || n, now() - interval '25 days' + (n % 20) * interval '1 day', 'hm_' || (1 + n % $2),
              now() - interval '25 days' + (n % 20) * interval '1 day' + (4 + n % 90) * interval '1 hour',
              CASE WHEN n % 7 = 0 THEN 'stage_change' ELSE 'feedback' END
         FROM generate_series(1, $1) AS n`,
      [managers * 12, managers],
    );
    await client.query('ANALYZE');
  });
}

/** The migrations compiled beside this file (dist-bench/migrations), not where dist/ keeps them. */
async function migrate(url: string): Promise<void> {
  await ensureDatabaseExists(url);
  const dataSource = new DataSource({
    ...dataSourceOptions({ url, poolSize: 2 }),
    migrations: [join(__dirname, '..', 'migrations', '*.js')],
  } as ConstructorParameters<typeof DataSource>[0]);
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

export async function main(): Promise<void> {
  const url = serverUrl(DATABASE);
  await withClient(serverUrl('postgres'), (client) =>
    client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`),
  );
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: url,
    QUEUE_PREFIX: `keepwarm_bench_digest_${process.pid}`,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    API_TOKEN: 'bench',
  });
  const config = new AppConfig(env, defaultPolicy);
  await migrate(url);

  const loadStarted = performance.now();
  await load(url);
  process.stdout.write(
    `loaded ${recruiters} recruiters x ${flagsPerRecruiter} open flags = ${recruiters * flagsPerRecruiter} flags in ${ms(performance.now() - loadStarted)}\n`,
  );

  const app = await NestFactory.createApplicationContext(ApiModule.forRoot(config), { logger: ['error'] });
  try {
    const repository = app.get(DigestsRepository, { strict: false });
    const service = app.get(DigestsService, { strict: false });
    const now = new Date();
    const ids = (await service.allRecruiters()).map((recruiter) => recruiter.id);

    // Warm both paths once (plans, pools, JIT) before measuring.
    const warm = await repository.openItems(ids, now);
    if (warm.length !== recruiters * flagsPerRecruiter)
      throw new Error(
        `the due-flags query found ${warm.length} flags, expected ${recruiters * flagsPerRecruiter}`,
      );

    const queryTimes: number[] = [];
    const composeTimes: number[] = [];
    const queueTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      const queryStarted = performance.now();
      await repository.openItems(ids, now);
      queryTimes.push(performance.now() - queryStarted);

      const targets = (await service.allRecruiters()).map((recruiter) => ({
        recruiter,
        localDate: '2026-11-20',
      }));
      const composeStarted = performance.now();
      await service.composeMany(targets, now);
      composeTimes.push(performance.now() - composeStarted);

      await withClient(url, (client) =>
        client.query(`DELETE FROM notifications WHERE kind = 'digest'; DELETE FROM digests;`),
      );
      const queueStarted = performance.now();
      const summary = await service.queueRequested(await service.allRecruiters(), '2026-11-20', now);
      queueTimes.push(performance.now() - queueStarted);
      if (summary.queued !== recruiters)
        throw new Error(`queued ${summary.queued} digests, expected ${recruiters}`);
    }

    const counts = await withClient(url, async (client) => {
      const digests = await client.query<{ count: string }>('SELECT count(*) FROM digests');
      const notifications = await client.query<{ count: string }>(
        `SELECT count(*) FROM notifications WHERE kind = 'digest'`,
      );
      return { digests: Number(digests.rows[0].count), notifications: Number(notifications.rows[0].count) };
    });
    const query = median(queryTimes);
    const queue = median(queueTimes);
    process.stdout.write(
      [
        `due-flags query alone (${recruiters * flagsPerRecruiter} rows): ${ms(query)} (median of ${runs}: ${queryTimes.map(ms).join(', ')})`,
        `compose only (due-flags query, manager stats, composeDigest): ${ms(median(composeTimes))}`,
        `compose and queue ${recruiters} digests: ${ms(queue)} (median of ${runs}: ${queueTimes.map(ms).join(', ')}), ` +
          `${((recruiters / queue) * 1000).toFixed(0)} digests/s`,
        `stored: ${counts.digests} digests, ${counts.notifications} digest notifications`,
        `ratio compose+queue / due-flags query: ${(queue / query).toFixed(2)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await app.close();
    await deleteKeysMatching(env.redisUrl, `${env.queuePrefix}:*`);
    if (process.env.BENCH_KEEP_DATABASE !== 'true')
      await withClient(serverUrl('postgres'), (client) =>
        client.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`),
      );
  }
}
