import { dropDatabase, numberFromEnv, recreateDatabase, serverUrl } from './lib/support';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { deleteKeysMatching } from '../src/infra/queue/redis';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { join } from 'node:path';
import { createWorker } from '../src/app/bootstrap';
import { AppConfig } from '../src/config/app-config';
import { loadEnv } from '../src/config/env';
import { loadPolicy } from '../src/config/policy-file';
import { dataSourceOptions } from '../src/app/data-source';
import { runMigrationsLocked } from '../src/infra/database/migrate';
import { SmtpTransport } from '../src/infra/mailer/smtp.transport';
import { OutboxRelay } from '../src/notifications/outbox-relay.service';

// bench/email: notifications per second from the outbox to a local SMTP sink (smtp-server, in this
// process), through the real relay, BullMQ email queue, processor (guards, rendering, send, record,
// pipeline contact) and pooled nodemailer transport; beside it the baseline of the same pooled
// transport sending pre-rendered messages straight to the same sink, in the same run.
//
// Tunables: BENCH_EMAILS [2000], BENCH_EMAIL_CONCURRENCY [20], DATABASE_URL (its server is used;
// the database is keepwarm_bench_email), REDIS_URL.

const emails = numberFromEnv('BENCH_EMAILS', 2000);
const concurrency = numberFromEnv('BENCH_EMAIL_CONCURRENCY', 20);
const DATABASE = 'keepwarm_bench_email';

async function startSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function seed(dataSource: DataSource, count: number): Promise<void> {
  await dataSource.query(
    `INSERT INTO people (id, name, email, timezone, as_of) VALUES
       ('rec_bench', 'Riley Recruiter', 'riley@example.com', 'UTC', now()),
       ('hm_bench', 'Morgan Manager', 'morgan@example.com', 'UTC', now())`,
  );
  await dataSource.query(
    `INSERT INTO jobs (id, title, status, status_changed_at, recruiter_id, hiring_manager_id, as_of)
     VALUES ('job_bench', 'Backend Engineer', 'open', now(), 'rec_bench', 'hm_bench', now())`,
  );
  await dataSource.query(
    `INSERT INTO candidates (id, name, email, timezone, as_of)
     SELECT 'cand_' || i, 'Candidate ' || i, 'candidate' || i || '@example.com', 'UTC', now() FROM generate_series(1, $1) AS i`,
    [count],
  );
  await dataSource.query(
    `INSERT INTO applications (id, candidate_id, job_id, source, status, stage_name, stage_kind, stage_entered_at, applied_at, last_event_at)
     SELECT 'app_' || i, 'cand_' || i, 'job_bench', 'canonical', 'active', 'Onsite', 'interview', now(), now(), now()
     FROM generate_series(1, $1) AS i`,
    [count],
  );
  await dataSource.query(
    `INSERT INTO notifications (kind, idempotency_key, application_id, candidate_id, recipient_role, scheduled_for, status, context)
     SELECT 'keep_warm', 'bench:' || i, 'app_' || i, 'cand_' || i, 'candidate', now() - interval '1 second', 'pending',
       '{"flag_kind": "candidate_silent"}'::jsonb
     FROM generate_series(1, $1) AS i`,
    [count],
  );
}

async function baseline(url: string, count: number): Promise<number> {
  const transport = new SmtpTransport(url, { maxConnections: Math.min(concurrency, 10) });
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await transport.send({
        messageId: `<baseline-${index}@bench>`,
        from: { name: 'Riley Recruiter', address: 'keepwarm@localhost' },
        to: `candidate${index}@example.com`,
        subject: 'Your application for Backend Engineer: where things stand',
        text: 'Hello,\n\nHere is where things stand.\n',
        html: '<p>Hello,</p><p>Here is where things stand.</p>',
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await transport.close();
  return count / seconds;
}

export async function main(): Promise<void> {
  const sink = await startSink();
  const prefix = `keepwarm_bench_email_${randomBytes(3).toString('hex')}`;
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: serverUrl(DATABASE),
    QUEUE_PREFIX: prefix,
    SMTP_URL: sink.url,
    LOG_LEVEL: 'silent',
    MIGRATIONS_RUN: 'false',
    WORKER_SCHEDULES: 'false',
    OUTBOX_RELAY_INTERVAL_MS: '3600000',
    EMAIL_CONCURRENCY: String(concurrency),
    LINK_SIGNING_SECRET: 'bench-link-secret',
  });
  const config = new AppConfig(env, loadPolicy(undefined));
  await recreateDatabase(DATABASE);
  const migrator = new DataSource({
    ...dataSourceOptions({ url: env.databaseUrl, poolSize: 2, applicationName: 'keepwarm-bench-email' }),
    // Compiled beside this file: dist-bench/bench -> dist-bench/migrations.
    migrations: [join(__dirname, '..', 'migrations', '*.js')],
  });
  await migrator.initialize();
  await runMigrationsLocked(migrator);
  await migrator.destroy();
  const worker = await createWorker(config);
  try {
    const dataSource = worker.get(DataSource);
    await seed(dataSource, emails);

    const baselineRate = await baseline(sink.url, emails);
    const before = sink.received();
    const started = process.hrtime.bigint();
    await worker.get(OutboxRelay).relayDue();
    for (;;) {
      const [{ count }] = await dataSource.query(
        `SELECT count(*)::int AS count FROM notifications WHERE status <> 'sent'`,
      );
      if (count === 0) break;
      const [{ failed }] = await dataSource.query(
        `SELECT count(*)::int AS failed FROM notifications WHERE status = 'failed'`,
      );
      if (failed > 0) throw new Error(`${failed} notification(s) failed`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const rate = emails / seconds;
    const delivered = sink.received() - before;
    process.stdout.write(
      [
        `emails: ${emails}, email concurrency: ${concurrency}, pooled SMTP to an in-process sink`,
        `keepwarm outbox -> relay -> BullMQ -> render -> SMTP -> recorded: ${rate.toFixed(0)} notifications/s (${seconds.toFixed(2)} s, ${delivered} delivered)`,
        `baseline, nodemailer pool sending pre-rendered mail:          ${baselineRate.toFixed(0)} messages/s`,
        `ratio keepwarm / baseline: ${(rate / baselineRate).toFixed(2)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await worker.close();
    await sink.close();
    await deleteKeysMatching(env.redisUrl, `${prefix}*`);
    if (process.env.BENCH_KEEP_DATABASE !== 'true') await dropDatabase(DATABASE);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench email failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
