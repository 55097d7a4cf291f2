import { dropDatabase, numberFromEnv, recreateDatabase, serverUrl } from './lib/support';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_REDIS_URL } from '../src/config/env';
import { generatePipeline, GeneratedEvent } from '../src/demo/generator';
import { deleteKeysMatching } from '../src/infra/queue/redis';
import { newWebhookSecret, WebhookClient } from '../src/demo/webhook-client';

// bench/ingest: signed canonical events per second through the real POST /webhooks/events (the API as
// its own process, `node main.js`, on a database of its own) at 32 concurrent keep-alive connections,
// beside what PostgreSQL does for bare single-row inserts at the same concurrency (pgbench), in the
// same run on the same machine. Target: ingest / pgbench >= 0.8. The same load also goes through a
// bare Node receiver that verifies and parses but stores nothing (bench/lib/bare-webhook-receiver.ts):
// the most any Node HTTP endpoint reaches on this machine with this load generator beside it.
//
// Tunables: BENCH_EVENTS [20000], BENCH_WARMUP_EVENTS [2000], BENCH_CONCURRENCY [32],
// BENCH_PGBENCH_SECONDS [15], BENCH_LOG_LEVEL [info], DATABASE_URL (its server is used),
// BENCH_API_NODE_ARGS (extra node flags for the server processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").

const events = numberFromEnv('BENCH_EVENTS', 20_000);
const warmupEvents = numberFromEnv('BENCH_WARMUP_EVENTS', 2_000);
const concurrency = numberFromEnv('BENCH_CONCURRENCY', 32);
const pgbenchSeconds = numberFromEnv('BENCH_PGBENCH_SECONDS', 15);
const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const target = 0.8;

const API_DATABASE = 'keepwarm_bench_ingest';
const PGBENCH_DATABASE = 'keepwarm_bench_pgbench';

// ---- the API side ----------------------------------------------------------------------------

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the API did not become ready in time');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface PostOutcome {
  seconds: number;
  statuses: Map<number, number>;
  latenciesMs: number[];
}

/** Posts every event once, `concurrency` at a time over keep-alive connections; signs each just before sending. */
async function postAll(port: number, secret: string, batch: GeneratedEvent[]): Promise<PostOutcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const signer = new WebhookClient({ baseUrl: `http://127.0.0.1:${port}`, secret });
  const statuses = new Map<number, number>();
  const latenciesMs: number[] = [];
  let next = 0;
  const send = (event: GeneratedEvent): Promise<number> => {
    const { headers, body } = signer.signedRequest(event);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/webhooks/events',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batch.length) {
        const event = batch[next];
        next += 1;
        const sentAt = process.hrtime.bigint();
        const status = await send(event);
        latenciesMs.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { seconds, statuses, latenciesMs };
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where there is no /proc. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5); fields[0] here is field 3.
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
  } catch {
    return null;
  }
}
// sysconf(_SC_CLK_TCK): 100 on Linux.
const clockTicksPerSecond = 100;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Measured {
  eventsPerSecond: number;
  summary: string;
}

/** A realistic mix from the seeded generator; warm-up and measured runs use distinct ids. */
function workload(): { warmup: GeneratedEvent[]; measured: GeneratedEvent[] } {
  // Applications created, stage changes, calls and emails, interviews, feedback, promises, closures.
  const applicationsFor = (count: number) => Math.ceil(count / 4);
  const warmup = generatePipeline({
    seed: 7,
    applications: applicationsFor(warmupEvents),
    start: new Date('2026-09-01T08:00:00Z'),
    idPrefix: 'warm_',
  }).slice(0, warmupEvents);
  const measured = generatePipeline({
    seed: 11,
    applications: applicationsFor(events),
    start: new Date('2026-10-01T08:00:00Z'),
    idPrefix: 'b_',
  }).slice(0, events);
  if (measured.length < events) throw new Error('the generator produced too few events');
  return { warmup, measured };
}

/**
 * Starts `entrypoint` as its own process, posts the warm-up then the measured events through it, and
 * reports events per second, latency and CPU per event of the server and of the load generator.
 */
async function measureReceiver(
  entrypoint: string,
  env: NodeJS.ProcessEnv,
  load: { warmup: GeneratedEvent[]; measured: GeneratedEvent[] },
): Promise<Measured> {
  const port = await freePort();
  const secret = newWebhookSecret();
  const child = spawn(process.execPath, [...apiNodeArgs, entrypoint], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', WEBHOOK_SECRET: secret },
    stdio: ['ignore', process.env.BENCH_API_STDOUT === 'inherit' ? 'inherit' : 'ignore', 'inherit'],
  });
  try {
    await waitUntilReady(`http://127.0.0.1:${port}`, child, 60_000);
    await postAll(port, secret, load.warmup);
    const serverCpuBefore = processCpuSeconds(child.pid);
    const clientCpuBefore = process.cpuUsage();
    const outcome = await postAll(port, secret, load.measured);
    const serverCpuAfter = processCpuSeconds(child.pid);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const count = load.measured.length;
    const accepted = outcome.statuses.get(200) ?? 0;
    if (accepted !== count) {
      throw new Error(`expected every event accepted (200), got ${JSON.stringify([...outcome.statuses])}`);
    }
    const serverCpu =
      serverCpuBefore === null || serverCpuAfter === null
        ? 'unknown (no /proc)'
        : `${Math.round(((serverCpuAfter - serverCpuBefore) * 1e6) / count)} µs`;
    const summary =
      `  ${count} events in ${outcome.seconds.toFixed(2)} s at ${concurrency} connections\n` +
      `  latency p50 ${percentile(outcome.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(outcome.latenciesMs, 99).toFixed(1)} ms\n` +
      `  CPU per event: server ${serverCpu}, load generator ${Math.round((clientCpu.user + clientCpu.system) / count)} µs`;
    return { eventsPerSecond: count / outcome.seconds, summary };
  } finally {
    await stopChild(child);
  }
}

async function benchIngest(load: ReturnType<typeof workload>): Promise<Measured> {
  const queuePrefix = `keepwarm_bench_${process.pid}`;
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  await dropDatabase(API_DATABASE); // keepwarm creates and migrates it itself, as in production
  try {
    // The production build (npm run build), exactly what `node dist/main.js` runs.
    const measured = await measureReceiver(
      join(__dirname, '..', '..', 'dist', 'main.js'),
      {
        NODE_ENV: 'development',
        DATABASE_URL: serverUrl(API_DATABASE),
        QUEUE_PREFIX: queuePrefix,
        API_TOKEN: 'bench-token',
        LOG_LEVEL: logLevel,
        MIGRATIONS_RUN: 'true',
      },
      load,
    );
    const mix = new Map<string, number>();
    for (const event of load.measured) mix.set(event.type, (mix.get(event.type) ?? 0) + 1);
    return {
      eventsPerSecond: measured.eventsPerSecond,
      summary:
        `${measured.summary} (LOG_LEVEL=${logLevel})\n` +
        `  mix: ${[...mix].map(([type, count]) => `${type} ${count}`).join(', ')}`,
    };
  } finally {
    await dropDatabase(API_DATABASE).catch(() => undefined);
    await deleteKeysMatching(redisUrl, `${queuePrefix}:*`).catch(() => undefined);
  }
}

/** The same load against bench/lib/bare-webhook-receiver.ts: verify, parse, answer; nothing stored. */
function benchBareReceiver(load: ReturnType<typeof workload>): Promise<Measured> {
  return measureReceiver(join(__dirname, 'lib', 'bare-webhook-receiver.js'), {}, load);
}

// ---- the PostgreSQL baseline ---------------------------------------------------------------------

function pgbenchAvailable(): boolean {
  return spawnSync('pgbench', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Bare single-row inserts into a table shaped like the event log, one transaction each. */
async function benchPgbench(): Promise<number> {
  await recreateDatabase(PGBENCH_DATABASE);
  const setup = new Client({ connectionString: serverUrl(PGBENCH_DATABASE) });
  await setup.connect();
  try {
    await setup.query(`CREATE TABLE events (
      sequence bigserial PRIMARY KEY,
      source text NOT NULL,
      event_id text NOT NULL,
      type text NOT NULL,
      occurred_at timestamptz NOT NULL,
      application_id text,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source, event_id))`);
    await setup.query('CREATE INDEX ON events (application_id, occurred_at, sequence)');
  } finally {
    await setup.end();
  }
  const sample = generatePipeline({ seed: 3, applications: 1, start: new Date('2026-10-01T08:00:00Z') })[0];
  const payload = JSON.stringify(sample).replace(/'/g, "''");
  const directory = mkdtempSync(join(tmpdir(), 'keepwarm-pgbench-'));
  const script = join(directory, 'insert.sql');
  writeFileSync(
    script,
    [
      '\\set n random(1, 1000000000000)',
      `INSERT INTO events (source, event_id, type, occurred_at, application_id, payload) ` +
        `VALUES ('canonical', 'evt_' || :client_id || '_' || :n, 'application.created', now(), 'app_' || :n, '${payload}') ` +
        `ON CONFLICT (source, event_id) DO NOTHING;`,
      '',
    ].join('\n'),
  );
  const url = new URL(serverUrl(PGBENCH_DATABASE));
  try {
    const result = spawnSync(
      'pgbench',
      ['-n', '-c', String(concurrency), '-j', '2', '-T', String(pgbenchSeconds), '-f', script],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          PGHOST: url.hostname,
          PGPORT: url.port || '5432',
          PGUSER: decodeURIComponent(url.username) || 'postgres',
          PGPASSWORD: decodeURIComponent(url.password),
          PGDATABASE: PGBENCH_DATABASE,
        },
      },
    );
    if (result.status !== 0) throw new Error(`pgbench failed: ${result.stderr || result.stdout}`);
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(result.stdout);
    if (!match) throw new Error(`could not read pgbench's tps from:\n${result.stdout}`);
    return Number(match[1]);
  } finally {
    rmSync(directory, { recursive: true, force: true });
    await dropDatabase(PGBENCH_DATABASE).catch(() => undefined);
  }
}

export async function main(): Promise<void> {
  const load = workload();
  const ingest = await benchIngest(load);
  process.stdout.write(`ingest: ${ingest.eventsPerSecond.toFixed(0)} events/s\n${ingest.summary}\n`);
  const bare = await benchBareReceiver(load);
  process.stdout.write(
    `bare Node receiver (node:http + standardwebhooks verify + JSON.parse, stores nothing): ` +
      `${bare.eventsPerSecond.toFixed(0)} requests/s\n${bare.summary}\n`,
  );
  if (!pgbenchAvailable()) {
    process.stdout.write(
      'pgbench: not installed, so no baseline and no ratio (Debian: apt-get install -y postgresql-contrib)\n',
    );
    return;
  }
  const tps = await benchPgbench();
  process.stdout.write(
    `pgbench: ${tps.toFixed(0)} tps (single-row inserts, -c ${concurrency} -j 2 -T ${pgbenchSeconds})\n`,
  );
  const ratio = ingest.eventsPerSecond / tps;
  process.stdout.write(
    `ratio ingest/pgbench: ${ratio.toFixed(2)} (target >= ${target}: ${ratio >= target ? 'met' : 'NOT met'})\n` +
      `ratio bare receiver/pgbench: ${(bare.eventsPerSecond / tps).toFixed(2)} ` +
      `(what any Node endpoint reaches here with this load generator; ingest/bare: ${(ingest.eventsPerSecond / bare.eventsPerSecond).toFixed(2)})\n`,
  );
}
