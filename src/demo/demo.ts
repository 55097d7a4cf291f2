import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createApi } from '../app/bootstrap';
import { exitOnStartupError } from '../app/startup';
import { AppConfig } from '../config/app-config';
import { DEFAULT_DATABASE_URL } from '../infra/database/data-source';
import { quoteIdentifier } from '../infra/database/migrate';
import { generatePipeline } from './generator';
import { newWebhookSecret, WebhookClient } from './webhook-client';

// `npm run demo` (placeholder until the full demo lands): the real service in this process, on a
// freshly recreated `keepwarm_demo` database and a Redis prefix of its own, fed a few signed sample
// events through the real endpoint; prints what keepwarm made of them, then shuts down cleanly.

const DEMO_DATABASE = 'keepwarm_demo';
const DEMO_SEED = 20261116;
const DEMO_APPLICATIONS = 6;
const dayMs = 24 * 3_600_000;

function demoDatabaseUrl(): string {
  const url = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  url.pathname = `/${DEMO_DATABASE}`;
  return url.toString();
}

/** Drops the demo database so every run starts from nothing; keepwarm creates and migrates it again. */
async function dropDemoDatabase(databaseUrl: string): Promise<void> {
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(DEMO_DATABASE)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis is optional for this demo's intake path; nothing to clean if it is down.
  } finally {
    redis.disconnect();
  }
}

interface ApplicationState {
  id: string;
  status: string;
  stage: { name: string; kind: string; entered_at: string };
  candidate: { name: string | null };
  job: { title: string };
  last_outbound_contact_at: string | null;
  awaiting_feedback_since: string | null;
  next_evaluation_at: string | null;
  flags: unknown[];
}

function formatDate(value: unknown): string {
  return typeof value === 'string' ? value.replace(/:\d\d(\.\d+)?Z$/, 'Z').replace('T', ' ') : '—';
}

async function main(): Promise<void> {
  const databaseUrl = demoDatabaseUrl();
  const queuePrefix = `keepwarm_demo_${randomBytes(3).toString('hex')}`;
  const secret = newWebhookSecret();
  const apiToken = randomBytes(16).toString('hex');
  const config = AppConfig.fromEnvironment({
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX: queuePrefix,
    WEBHOOK_SECRET: secret,
    API_TOKEN: apiToken,
    MIGRATIONS_RUN: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  });

  process.stdout.write(`keepwarm demo: recreating database ${DEMO_DATABASE}, Redis prefix ${queuePrefix}\n`);
  await dropDemoDatabase(databaseUrl);
  const app = await createApi(config);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    process.stdout.write(`keepwarm is listening on ${baseUrl}\n\n`);

    // Three weeks of a small pipeline, up to now: what an ATS would have sent so far.
    const now = new Date().toISOString();
    const events = generatePipeline({
      seed: DEMO_SEED,
      applications: DEMO_APPLICATIONS,
      start: new Date(Date.now() - 21 * dayMs),
      arrivalSpreadDays: 5,
    }).filter((event) => event.occurred_at <= now);
    const client = new WebhookClient({ baseUrl, secret });
    process.stdout.write(`posting ${events.length} signed canonical events to POST /webhooks/events\n`);
    for (const event of events) {
      const result = await client.post(event);
      process.stdout.write(
        `  ${event.occurred_at.slice(0, 16)}  ${event.type.padEnd(28)} -> ${result.status} ${result.body}\n`,
      );
      if (result.status !== 200) throw new Error(`the service answered ${result.status} to ${event.type}`);
    }
    // A redelivery of the same event is recognised and changes nothing.
    const redelivery = await client.post(events[0]);
    process.stdout.write(
      `  redelivery of ${events[0].id.padEnd(20)}       -> ${redelivery.status} ${redelivery.body}\n\n`,
    );

    const applicationIds = [
      ...new Set(
        events.map((event) => {
          const data = event.data as { application?: { id: string }; application_id?: string };
          return data.application?.id ?? data.application_id ?? '';
        }),
      ),
    ].filter(Boolean);
    process.stdout.write('what keepwarm knows (GET /v1/applications/{id}):\n');
    for (const id of applicationIds) {
      const response = await fetch(`${baseUrl}/v1/applications/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      const state = (await response.json()) as ApplicationState;
      if (response.status !== 200) throw new Error(`GET /v1/applications/${id} answered ${response.status}`);
      process.stdout.write(
        [
          `\n  ${state.id}: ${state.candidate.name} for ${state.job.title}`,
          `    status ${state.status}, stage "${state.stage.name}" (${state.stage.kind}) since ${formatDate(state.stage.entered_at)}`,
          `    last outbound contact ${formatDate(state.last_outbound_contact_at)}, awaiting feedback since ${formatDate(state.awaiting_feedback_since)}`,
          `    next evaluation ${formatDate(state.next_evaluation_at)}, open flags ${state.flags.length}`,
        ].join('\n') + '\n',
      );
    }
    process.stdout.write(
      '\ndone: the demo database stays for a look (psql keepwarm_demo); the next run recreates it.\n',
    );
  } finally {
    await app.close();
    await clearRedisPrefix(config.env.redisUrl, queuePrefix);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => exitOnStartupError(error),
);
