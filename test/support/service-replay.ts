import { DataSource } from 'typeorm';
import { createWorker } from '../../src/app/bootstrap';
import { SweepService } from '../../src/attention/sweep.service';
import type { HistoryEntry } from '../../src/backtest/backtest-replay';
import { IngestionService } from '../../src/ingestion/ingestion.service';
import { EmailProcessor } from '../../src/notifications/email.processor';
import { OutboxRelay } from '../../src/notifications/outbox-relay.service';
import { startTestApi, testConfig } from './test-app';

// The reference the in-memory backtest is held to: the same history driven through the real
// service on real PostgreSQL and Redis, under the same simulated clock. Events go in through
// IngestionService (the one path every event takes); at every instant something is due the real
// sweep runs, then the real relay queues what is due and the real email processor delivers each
// queued notification (guards, rendering, the mail transport writing .eml files, the record of the
// send), with the clock passed as `now`. The email worker is paused: this driver hands it the jobs.

export interface FlagOutcome {
  applicationId: string;
  kind: string;
  cause: string;
  raisedAt: string;
}

export interface NotificationOutcome {
  applicationId: string | null;
  kind: string;
  key: string;
  recipientRole: string;
  status: string;
  reason: string | null;
  scheduledFor: string;
  sentAt: string | null;
  deferredUntil: string | null;
}

export interface ReplayOutcome {
  flags: FlagOutcome[];
  notifications: NotificationOutcome[];
  nextEvaluations: Array<{ applicationId: string; at: string | null }>;
  stops: number;
}

const maxStopsAtOneInstant = 50;

export async function replayThroughService(
  entries: readonly HistoryEntry[],
  until: Date,
): Promise<ReplayOutcome> {
  const api = await startTestApi({ WORKER_SCHEDULES: 'false' });
  const worker = await createWorker(
    testConfig({
      DATABASE_URL: api.database.url,
      REDIS_URL: api.config.env.redisUrl,
      QUEUE_PREFIX: api.prefix,
      LINK_SIGNING_SECRET: 'test-link-secret',
      MAIL_OUTBOX_DIR: api.config.env.mailOutboxDir,
      MIGRATIONS_RUN: 'false',
      WORKER_SCHEDULES: 'false',
      OUTBOX_RELAY_INTERVAL_MS: '3600000',
    }),
  );
  try {
    await worker.init();
    const processor = worker.get(EmailProcessor);
    await processor.worker.pause(true);
    const relay = worker.get(OutboxRelay);
    const sweep = api.app.get(SweepService);
    const ingestion = api.app.get(IngestionService);
    const database = api.app.get(DataSource);

    let clock = 0;
    let stops = 0;
    const nextDue = async (): Promise<number | null> => {
      const [row] = await database.query<Array<{ due: Date | null }>>(
        `SELECT LEAST((SELECT min(next_evaluation_at) FROM applications),
                      (SELECT min(scheduled_for) FROM notifications WHERE status = 'pending')) AS due`,
      );
      return row.due ? row.due.getTime() : null;
    };
    const advance = async (limit: number, inclusive: boolean) => {
      let lastStop = -1;
      let stopsHere = 0;
      for (;;) {
        const due = await nextDue();
        if (due === null || (inclusive ? due > limit : due >= limit)) return;
        const at = Math.max(due, clock);
        stopsHere = at === lastStop ? stopsHere + 1 : 0;
        if (stopsHere > maxStopsAtOneInstant) throw new Error(`stuck at ${new Date(at).toISOString()}`);
        lastStop = at;
        clock = at;
        stops += 1;
        const now = new Date(at);
        await sweep.sweep(now);
        await relay.relayDue(now);
        const queued = await database.query<Array<{ id: string }>>(
          `SELECT id FROM notifications WHERE status = 'queued' ORDER BY scheduled_for, id`,
        );
        for (const { id } of queued) await processor.deliver(id, { finalAttempt: true, now });
      }
    };

    for (const entry of entries) {
      const at = entry.at.getTime();
      if (at > until.getTime()) break;
      await advance(at, false);
      clock = at;
      await ingestion.ingest(
        entry.source,
        [{ event: entry.event, vendorPayload: entry.vendorPayload }],
        entry.at,
      );
    }
    await advance(until.getTime(), true);

    const flags = await database.query<
      Array<{ application_id: string; kind: string; cause: string; raised_at: Date }>
    >(`SELECT application_id, kind, cause, raised_at FROM flags`);
    const notifications = await database.query<
      Array<{
        application_id: string | null;
        kind: string;
        idempotency_key: string;
        recipient_role: string;
        status: string;
        reason: string | null;
        scheduled_for: Date;
        sent_at: Date | null;
        deferred_until: string | null;
      }>
    >(
      `SELECT application_id, kind, idempotency_key, recipient_role, status, reason, scheduled_for, sent_at,
              context->>'deferred_until' AS deferred_until
         FROM notifications`,
    );
    const applications = await database.query<Array<{ id: string; next_evaluation_at: Date | null }>>(
      `SELECT id, next_evaluation_at FROM applications`,
    );
    return {
      flags: flags.map((row) => ({
        applicationId: row.application_id,
        kind: row.kind,
        cause: row.cause,
        raisedAt: row.raised_at.toISOString(),
      })),
      notifications: notifications.map((row) => ({
        applicationId: row.application_id,
        kind: row.kind,
        key: row.idempotency_key,
        recipientRole: row.recipient_role,
        status: row.status,
        reason: row.reason,
        scheduledFor: row.scheduled_for.toISOString(),
        sentAt: row.sent_at?.toISOString() ?? null,
        deferredUntil: row.deferred_until,
      })),
      nextEvaluations: applications.map((row) => ({
        applicationId: row.id,
        at: row.next_evaluation_at?.toISOString() ?? null,
      })),
      stops,
    };
  } finally {
    await worker.close();
    await api.close();
  }
}
