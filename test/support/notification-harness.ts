import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createWorker } from '../../src/app/bootstrap';
import type { PlannedFlag, PlanningInput } from '../../src/notifications/notification-contracts';
import { NotificationPlanner } from '../../src/notifications/notification-planner';
import type { ApplicationFacts } from '../../src/policy';
import { application, candidate, event, hiringManager, job, recruiter } from './events';
import { signCanonical } from './signing';
import { startTestApi, testConfig, TestApi } from './test-app';

// Notifications tests: the real API (webhooks seed the pipeline), the planner called the way the
// sweep calls it, and a worker on the same database and queue prefix when delivery is under test.

export interface NotificationHarness {
  api: TestApi;
  dataSource: DataSource;
  env: Record<string, string>;
  post(body: unknown): Promise<void>;
  plan(input: PlanningInput): Promise<number>;
  startWorker(extraEnv?: Record<string, string>): Promise<INestApplicationContext>;
  query<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startNotificationHarness(
  env: Record<string, string> = {},
): Promise<NotificationHarness> {
  const api = await startTestApi(env);
  const dataSource = api.app.get(DataSource);
  const workers: INestApplicationContext[] = [];
  const workerEnv = {
    DATABASE_URL: api.database.url,
    REDIS_URL: api.config.env.redisUrl,
    QUEUE_PREFIX: api.prefix,
    LINK_SIGNING_SECRET: 'test-link-secret',
    MAIL_OUTBOX_DIR: api.config.env.mailOutboxDir,
    MIGRATIONS_RUN: 'false',
    WORKER_SCHEDULES: 'false',
    // Relays are run by the tests themselves; the schedule's first tick is an hour away.
    OUTBOX_RELAY_INTERVAL_MS: '3600000',
    EMAIL_RETRY_ATTEMPTS: '4',
    EMAIL_BACKOFF_MS: '20',
    ...env,
  };
  return {
    api,
    dataSource,
    env: workerEnv,
    async post(body) {
      const signed = signCanonical(body);
      const response = await api.request({
        method: 'POST',
        url: '/webhooks/events',
        headers: signed.headers,
        body: signed.body,
      });
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
    },
    plan(input) {
      const planner = api.app.get(NotificationPlanner);
      return dataSource.transaction((manager) => planner.plan(manager, input));
    },
    async startWorker(extraEnv = {}) {
      const worker = await createWorker(testConfig({ ...workerEnv, ...extraEnv }));
      await worker.init();
      workers.push(worker);
      return worker;
    },
    query: (sql, parameters) => dataSource.query(sql, parameters),
    async close() {
      for (const worker of workers) await worker.close().catch(() => undefined);
      await api.close();
    },
  };
}

export interface SeededApplication {
  applicationId: string;
  candidateId: string;
}

/** Seeds one application through the canonical webhook, created at `createdAt`. */
export async function seedApplication(
  harness: NotificationHarness,
  name: string,
  options: {
    createdAt?: string;
    candidate?: Record<string, unknown>;
    jobOverrides?: Parameters<typeof job>[0];
    stage?: { name: string; kind?: 'applied' | 'interview' | 'offer' | 'hiring_manager_review' };
  } = {},
): Promise<SeededApplication> {
  const applicationId = `app_${name}`;
  const candidateId = `cand_${name}`;
  await harness.post(
    event(
      'application.created',
      {
        application: application(
          {
            id: applicationId,
            candidate: candidate({
              id: candidateId,
              email: `${name}@candidates.example.com`,
              ...options.candidate,
            }),
            job: job({ id: `job_${name}`, ...options.jobOverrides }),
          },
          options.stage ?? { name: 'Onsite', kind: 'interview' },
        ),
      },
      options.createdAt ?? '2026-11-02T14:00:00Z',
    ),
  );
  return { applicationId, candidateId };
}

export function silentFlag(cause: string, overrides: Partial<PlannedFlag> = {}): PlannedFlag {
  return {
    id: randomUUID(),
    kind: 'candidate_silent',
    severity: 'medium',
    cause,
    raisedAt: new Date(cause),
    waitingSince: new Date(cause),
    details: {},
    ...overrides,
  };
}

export function feedbackFlag(since: string, level: 1 | 2): PlannedFlag {
  return {
    id: randomUUID(),
    kind: 'feedback_overdue',
    severity: level === 2 ? 'high' : 'medium',
    cause: `${since}#${level}`,
    raisedAt: new Date(since),
    waitingSince: new Date(since),
    details: { level },
  };
}

/** The facts the sweep would hand over, for an application seeded with the default fixtures. */
export function factsFor(
  seeded: SeededApplication,
  overrides: Partial<ApplicationFacts> & { candidateOverrides?: Partial<ApplicationFacts['candidate']> } = {},
): ApplicationFacts {
  const { candidateOverrides, ...rest } = overrides;
  return {
    id: seeded.applicationId,
    status: 'active',
    source: 'canonical',
    createdAt: new Date('2026-11-02T14:00:00Z'),
    stage: { name: 'Onsite', kind: 'interview', enteredAt: new Date('2026-11-02T14:00:00Z') },
    candidate: {
      id: seeded.candidateId,
      timezone: 'America/New_York',
      country: 'US',
      isAgency: false,
      canEmail: true,
      ...candidateOverrides,
    },
    recruiter: { id: recruiter.id, name: recruiter.name, timezone: recruiter.timezone!, country: 'US' },
    hiringManager: {
      id: hiringManager.id,
      name: hiringManager.name,
      timezone: hiringManager.timezone!,
      country: 'US',
    },
    job: { id: 'job_x', status: 'open', statusChangedAt: new Date('2026-11-02T14:00:00Z') },
    lastOutboundContactAt: null,
    oldestUnansweredInboundAt: null,
    awaitingFeedbackSince: null,
    promise: null,
    competingOfferDeadline: null,
    scheduling: { clockSince: null, hasScheduledInterview: false, reschedulesInStage: 0 },
    ...rest,
  };
}

export interface NotificationRecord {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  recipient_role: string;
  recipient_person_id: string | null;
  idempotency_key: string;
  scheduled_for: Date;
  sent_at: Date | null;
  attempts: number;
  message_id: string | null;
  recipient_email: string | null;
}

export function notificationsOf(
  harness: NotificationHarness,
  applicationId: string,
): Promise<NotificationRecord[]> {
  return harness.query<NotificationRecord>(
    `SELECT id, kind, status, reason, recipient_role, recipient_person_id, idempotency_key, scheduled_for, sent_at,
       attempts, message_id, recipient_email
     FROM notifications WHERE application_id = $1 ORDER BY created_at, id`,
    [applicationId],
  );
}
