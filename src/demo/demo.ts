import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { databaseUrlNamed, dropDatabase } from '../infra/database/scratch-database';
import { createApi, createWorker } from '../app/bootstrap';
import { AppConfig } from '../config/app-config';
import { loadEnv } from '../config/env';
import { mergePolicy } from '../config/policy-file';
import type { ComposedDigest } from '../digests/compose/compose-digest';
import { renderDigest } from '../email/digest.template';
import { DEFAULT_DATABASE_URL } from '../app/data-source';
import { deleteKeysMatching } from '../infra/queue/redis';
import { OutboxRelay } from '../notifications/outbox-relay.service';
import { defaultPolicy, policySchema } from '../policy';
import { DemoRepository } from './demo.repository';
import { readDemoFacts, formatDemoReport, type DemoRun } from './demo-report';
import { countOutOfOrder, deliveryOrder, generatePipeline } from './generator';
import { progressBar } from '../infra/terminal/progress';
import { newWebhookSecret, WebhookClient } from './webhook-client';

// `npm run demo`: keepwarm's real API and worker in this process, on a freshly recreated database
// (keepwarm_demo) and a Redis prefix of its own, fed six weeks of a seeded pipeline as signed
// webhooks; then a sweep, the deliveries, the recruiters' digests, and a report of what happened.
// Emails are written as .eml files (no SMTP server needed). The database stays for a look.

const DEMO_SEED = 20261116;
const DEMO_APPLICATIONS = 300;
const DEMO_WEEKS = 6;
const POST_CONCURRENCY = 8;
const DRAIN_TIMEOUT_MS = 30_000;
const dayMs = 24 * 3_600_000;

/** The demo's policy: the defaults, with the send window open so the emails can be seen now. */
export const demoPolicyOverrides = {
  send_window: { start: '00:00', end: '24:00', business_days_only: false },
};

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function redisReachable(url: string): Promise<boolean> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, lazyConnect: true, connectTimeout: 3000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

function clearRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  return deleteKeysMatching(redisUrl, `${prefix}:*`);
}

function write(text: string): void {
  process.stdout.write(text);
}

class Api {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  async html(path: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'text/html' },
    });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.text();
  }
}

/** Relays due notifications and waits (bounded) until the worker has delivered every queued one. */
async function deliver(worker: INestApplicationContext, dataSource: DataSource): Promise<boolean> {
  const relay = worker.get(OutboxRelay);
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let lastRelay = 0;
  for (;;) {
    if (Date.now() - lastRelay > 1000) {
      await relay.relayDue(new Date());
      lastRelay = Date.now();
    }
    const row = await new DemoRepository(dataSource).undelivered();
    if (row.queued === 0 && row.due === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

async function postAll(client: WebhookClient, events: readonly unknown[]): Promise<DemoRun['posting']> {
  const posting = { accepted: 0, events: 0, duplicates: 0, rejected: 0, retried: 0 };
  const tty = process.stdout.isTTY === true;
  let next = 0;
  let done = 0;
  let lastMilestone = -1;
  const report = () => {
    if (tty) write(`\r${progressBar('posting', done, events.length)}`);
    else {
      const milestone = Math.floor((done / events.length) * 4);
      if (milestone > lastMilestone) {
        lastMilestone = milestone;
        write(`${progressBar('posting', done, events.length)}\n`);
      }
    }
  };
  const poster = async () => {
    while (next < events.length) {
      const event = events[next++];
      const result = await client.postWithRetry(event);
      posting.retried += result.retries;
      if (result.status !== 200) {
        posting.rejected += 1;
        throw new Error(`POST /webhooks/events answered ${result.status}: ${result.body}`);
      }
      const body = JSON.parse(result.body) as { status: string; events?: number };
      if (body.status === 'accepted') {
        posting.accepted += 1;
        posting.events += body.events ?? 1;
      } else if (body.status === 'duplicate') posting.duplicates += 1;
      done += 1;
      report();
    }
  };
  report();
  await Promise.all(Array.from({ length: POST_CONCURRENCY }, poster));
  if (tty) write('\n');
  return posting;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const databaseName = process.env.DEMO_DATABASE || 'keepwarm_demo';
  const databaseUrl = databaseUrlNamed(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, databaseName);
  const outputDir = resolve(process.env.DEMO_OUTPUT_DIR || 'var/demo');
  const ownOutbox = !process.env.MAIL_OUTBOX_DIR;
  const outboxDir = resolve(process.env.MAIL_OUTBOX_DIR || join(outputDir, 'outbox'));
  const digestDir = join(outputDir, 'digests');
  const queuePrefix = `keepwarm_demo_${randomBytes(3).toString('hex')}`;
  const secret = newWebhookSecret();
  const apiToken = randomBytes(16).toString('hex');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    WEBHOOK_SECRET: secret,
    API_TOKEN: apiToken,
    PUBLIC_BASE_URL: baseUrl,
    MIGRATIONS_RUN: 'true',
    WORKER_SCHEDULES: 'false',
    MAIL_OUTBOX_DIR: outboxDir,
    LOG_LEVEL: process.env.LOG_LEVEL || 'error',
    LINK_SIGNING_SECRET: process.env.LINK_SIGNING_SECRET || randomBytes(32).toString('hex'),
    COMPANY_NAME: process.env.COMPANY_NAME || 'Acme Robotics',
  };
  // The demo writes .eml files whatever the shell says, and runs its own stated policy.
  delete environment.SMTP_URL;
  delete environment.POLICY_FILE;
  delete environment.WEBHOOK_RATE_LIMIT;
  const policy = policySchema.parse(mergePolicy(defaultPolicy, demoPolicyOverrides));
  const config = new AppConfig(loadEnv(environment), policy);

  if (!(await redisReachable(config.env.redisUrl)))
    throw new Error(`the demo needs Redis at ${config.env.redisUrl} (REDIS_URL): is it running?`);

  write(`keepwarm demo — database ${databaseName} (recreated), Redis prefix ${queuePrefix}\n`);
  write(
    'policy: the defaults (docs/contract.md "Policy file"), except send_window 00:00-24:00 every day, so that the\n' +
      "        emails can be seen now whatever the hour; keep_warm.sources stays ['canonical'].\n\n",
  );
  await dropDatabase(databaseUrl);
  write(`(${((Date.now() - startedAt) / 1000).toFixed(1)} s) starting the API and the worker\n`);
  if (ownOutbox) await rm(outboxDir, { recursive: true, force: true });
  await rm(digestDir, { recursive: true, force: true });

  let app: NestFastifyApplication | undefined;
  let worker: INestApplicationContext | undefined;
  try {
    app = await createApi(config);
    await app.listen({ port, host: '127.0.0.1' });
    worker = await createWorker(config);
    const dataSource = app.get(DataSource);
    const api = new Api(baseUrl, apiToken);
    write(
      `API listening on ${baseUrl}, worker started (WORKER_SCHEDULES=false: the demo drives sweep and digests)\n\n`,
    );

    // Six weeks of a recruiting team's pipeline, up to now, as the ATS would have sent it.
    const now = new Date();
    const events = generatePipeline({
      seed: DEMO_SEED,
      applications: DEMO_APPLICATIONS,
      start: new Date(now.getTime() - DEMO_WEEKS * 7 * dayMs),
      arrivalSpreadDays: DEMO_WEEKS * 7 - 7,
      until: now,
    });
    const delivered = deliveryOrder(events, DEMO_SEED);
    write(
      `posting ${events.length} signed canonical events to POST /webhooks/events ` +
        `(${countOutOfOrder(delivered)} delivered out of order: keepwarm orders by occurred_at)\n`,
    );
    const postingStarted = Date.now();
    const posting = await postAll(new WebhookClient({ baseUrl, secret }), delivered);
    write(`posted in ${((Date.now() - postingStarted) / 1000).toFixed(1)} s\n`);
    const redelivery = await new WebhookClient({ baseUrl, secret }).post(delivered[0]);
    posting.redelivery = `${redelivery.status} ${redelivery.body}`;

    write('POST /v1/scans … ');
    const scan = await api.json<{ evaluated: number; opened: number; resolved: number }>('POST', '/v1/scans');
    write(`${scan.evaluated} applications evaluated, ${scan.opened} flags opened\n`);
    write('delivering (outbox relay → BullMQ → email worker → .eml files) … ');
    const drained = await deliver(worker, dataSource);
    write(drained ? 'done\n' : `still busy after ${DRAIN_TIMEOUT_MS / 1000} s, reporting what is done\n`);

    write('POST /v1/digests … ');
    const digests = await api.json<{ queued: number; skipped: number }>('POST', '/v1/digests', {});
    write(`${digests.queued} queued, ${digests.skipped} skipped (empty)\n`);
    const digestsDrained = await deliver(worker, dataSource);

    // Each recruiter's digest as the API serves it: JSON for the text below, HTML to open in a browser.
    const facts = await readDemoFacts(app, policy);
    await mkdir(digestDir, { recursive: true });
    const recruiterDigests: DemoRun['digests'] = [];
    for (const recruiter of facts.recruiters) {
      const path = `/v1/recruiters/${encodeURIComponent(recruiter.id)}/digest`;
      const digest = await api.json<ComposedDigest>('GET', path);
      const file = join(digestDir, `${recruiter.id}.html`);
      await writeFile(file, await api.html(path));
      recruiterDigests.push({ recruiter, digest, file: relative(process.cwd(), file) || file });
    }
    const fullest = [...recruiterDigests].sort(
      (a, b) =>
        b.digest.counts.candidates - a.digest.counts.candidates || (a.recruiter.id < b.recruiter.id ? -1 : 1),
    )[0];

    const emlFiles = (await readdir(outboxDir).catch(() => [] as string[]))
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => join(outboxDir, name));

    write(
      formatDemoReport({
        posting,
        scan,
        drained: drained && digestsDrained,
        digestsQueued: digests,
        facts,
        digests: recruiterDigests,
        shownDigestText: fullest ? renderDigest(fullest.digest).text : null,
        shownDigestRecruiter: fullest?.recruiter ?? null,
        emlFiles: emlFiles.map((file) => relative(process.cwd(), file) || file),
        outboxDir: relative(process.cwd(), outboxDir) || outboxDir,
        digestDir: relative(process.cwd(), digestDir) || digestDir,
        databaseName,
        seconds: (Date.now() - startedAt) / 1000,
      }),
    );
  } finally {
    // Workers first (they finish the jobs in hand), then the API, then the demo's Redis keys.
    await worker?.close();
    await app?.close();
    await clearRedisPrefix(config.env.redisUrl, queuePrefix).catch(() => 0);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `\nkeepwarm demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
