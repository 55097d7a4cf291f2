import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/database';
import { DigestFixtures } from '../support/digest-fixtures';
import { testRedisUrl } from '../support/environment';
import { createTestPrefix } from '../support/redis';
import { startTestApi, TestApi } from '../support/test-app';

// Any number of replicas send each digest once: two worker processes with their schedules on, each
// also running the scheduled pass several times at once, and ten concurrent POST /v1/digests against
// the same database, end with one digest row and one notification per recruiter and local date.

jest.setTimeout(180_000);

interface Child {
  process: ChildProcess;
  next(predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

function startWorker(env: Record<string, string>): Child {
  const child = fork(join(__dirname, '..', 'support', 'digest-worker-child.js'), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.on('message', (message: Record<string, unknown>) => {
    messages.push(message);
    waiters.splice(0).forEach((wake) => wake());
  });
  return {
    process: child,
    next(predicate) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const error = messages.find((message) => message.error);
          if (error) return reject(new Error(`worker failed: ${String(error.error)}\n${stderr}`));
          const found = messages.find(predicate);
          if (found) return resolve(found);
          waiters.push(check);
        };
        child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${stderr}`)));
        check();
      });
    },
  };
}

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('digests with several replicas', () => {
  let database: TestDatabase;
  let api: TestApi;
  let db: DigestFixtures;
  let workers: Child[] = [];
  let outboxDir = '';
  const redis = createTestPrefix();

  const recruiters = [
    { id: 'rec_tokyo', timezone: 'Asia/Tokyo', country: 'JP' },
    { id: 'rec_la', timezone: 'America/Los_Angeles', country: 'US' },
    { id: 'rec_london', timezone: 'Europe/London', country: 'GB' },
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    const policyDir = mkdtempSync(join(tmpdir(), 'keepwarm-digest-'));
    const policyFile = join(policyDir, 'policy.json');
    outboxDir = join(policyDir, 'outbox');
    // Due at any hour on any day, so the test does not depend on when it runs.
    writeFileSync(policyFile, JSON.stringify({ digest: { local_time: '00:00', business_days_only: false } }));
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: redis.prefix,
      POLICY_FILE: policyFile,
      MAIL_OUTBOX_DIR: outboxDir,
      LINK_SIGNING_SECRET: 'test-link-secret',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    };
    api = await startTestApi(env);
    db = await DigestFixtures.connect(database.url);
    await db.person({ id: 'hm_1', name: 'Morgan Manager', email: 'morgan@example.com' });
    for (const [index, recruiter] of recruiters.entries()) {
      await db.person({
        ...recruiter,
        name: `Recruiter ${recruiter.id}`,
        email: `${recruiter.id}@example.com`,
      });
      await db.job({
        id: `job_${index}`,
        title: `Role ${index}`,
        recruiterId: recruiter.id,
        hiringManagerId: 'hm_1',
      });
      await db.application({
        id: `app_${index}`,
        jobId: `job_${index}`,
        candidateName: `Candidate ${recruiter.id}`,
      });
      await db.flag({
        applicationId: `app_${index}`,
        kind: 'candidate_silent',
        action: 'send_keep_warm_update',
        severity: 'medium',
        raisedAt: '2026-01-10T10:00:00Z',
        waitingSince: '2026-01-01T10:00:00Z',
        details: { business_days_silent: 7 },
      });
    }
    workers = [0, 1].map(() => startWorker({ ...env, WORKER_SCHEDULES: 'true', MIGRATIONS_RUN: 'false' }));
    await Promise.all(workers.map((worker) => worker.next((message) => Boolean(message.ready))));
  });

  afterAll(async () => {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.process.exitCode !== null) return resolve();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), 10_000);
            worker.process.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            worker.process.send({ stop: true });
          }),
      ),
    );
    await db?.close();
    await api?.close();
    await database?.drop();
    await redis.clear();
  });

  it('stores and queues one digest per recruiter and local date', async () => {
    const raced = workers.map((worker) => worker.next((message) => Boolean(message.raced)));
    workers.forEach((worker) => worker.process.send({ race: 4 }));
    const posts = Promise.all(
      Array.from({ length: 10 }, () => api.request({ method: 'POST', url: '/v1/digests', body: {} })),
    );
    await Promise.all(raced);
    const answers = (await posts).map((response) => response.json<{ queued: number; skipped: number }>());
    expect(answers.every((answer) => answer.skipped === 0)).toBe(true);

    const rows = await db.digestRows();
    expect(rows.map((row) => row.recruiter_id).sort()).toEqual(recruiters.map((r) => r.id).sort());
    for (const row of rows) {
      const recruiter = recruiters.find((r) => r.id === row.recruiter_id)!;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: recruiter.timezone }).format(new Date());
      // The date is the recruiter's, unless the test ran across their midnight.
      expect([today, row.local_date]).toContain(row.local_date);
    }
    const notifications = await db.digestNotifications();
    expect(notifications).toHaveLength(recruiters.length);
    expect(notifications.map((n) => n.recipient_person_id).sort()).toEqual(
      recruiters.map((r) => r.id).sort(),
    );
    expect(notifications.every((n) => n.recipient_role === 'recruiter')).toBe(true);
  });

  it('delivers each digest once through the outbox and the email queue, to its recruiter', async () => {
    const delivered = await waitFor(
      async () =>
        (
          await db.query<{ status: string; recipient_email: string | null }>(
            `SELECT status, recipient_email FROM notifications WHERE kind = 'digest'`,
          )
        ).rows,
      (rows) => rows.length === recruiters.length && rows.every((row) => row.status === 'sent'),
      60_000,
    );
    expect(delivered.map((row) => row.status)).toEqual(recruiters.map(() => 'sent'));
    // The scheduled ticks keep running in both workers: still one per recruiter.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await db.digestRows()).toHaveLength(recruiters.length);

    // One email per recruiter, from keepwarm, to that recruiter, naming only their own candidate.
    const emails = readdirSync(outboxDir)
      .filter((file) => file.endsWith('.eml'))
      .map((file) => readFileSync(join(outboxDir, file), 'utf8'));
    expect(emails).toHaveLength(recruiters.length);
    for (const recruiter of recruiters) {
      const mine = emails.filter((email) =>
        /^To: .*$/m.exec(email)?.[0].includes(`${recruiter.id}@example.com`),
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatch(/^From: "?keepwarm"? </m);
      expect(mine[0]).toContain(`Candidate ${recruiter.id}`);
      for (const other of recruiters.filter((r) => r.id !== recruiter.id)) {
        expect(mine[0]).not.toContain(`Candidate ${other.id}`);
      }
    }
  });
});
