import { Queue } from 'bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { WorkerHost } from '@nestjs/bullmq';
import { SchedulerRegistry } from '@nestjs/schedule';
import { createWorker } from '../../src/app/bootstrap';
import { SweepProcessor } from '../../src/attention/sweep.processor';
import { DigestProcessor } from '../../src/digests/digest.processor';
import { EmailProcessor } from '../../src/notifications/email.processor';
import { OutboxRelayProcessor } from '../../src/notifications/outbox-relay.processor';
import { redisOptionsFromUrl } from '../../src/infra/queue/redis';
import { queueNames } from '../../src/infra/queue/queue.constants';
import { createTestDatabase, TestDatabase } from '../support/database';
import { testRedisUrl } from '../support/environment';
import { createTestPrefix } from '../support/redis';
import { testConfig } from '../support/test-app';

// A Redis restarted without AOF (or flushed) loses every job scheduler; the worker must put them back
// by itself, without a restart, or sweeps, relays and digests would silently stop.

describe('job schedulers', () => {
  let database: TestDatabase;
  let prefix: ReturnType<typeof createTestPrefix>;
  let worker: INestApplicationContext | undefined;
  let queues: Queue[];

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = createTestPrefix();
    const config = testConfig({
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: prefix.prefix,
      WORKER_SCHEDULES: 'true',
      SCHEDULE_REFRESH_MS: '1500',
      SWEEP_INTERVAL_MS: '3600000',
      OUTBOX_RELAY_INTERVAL_MS: '3600000',
      MAIL_OUTBOX_DIR: `var/test-outbox/${prefix.prefix}`,
    });
    worker = await createWorker(config);
    await worker.init();
    const connection = redisOptionsFromUrl(testRedisUrl());
    queues = [queueNames.sweep, queueNames.outbox, queueNames.digest].map(
      (name) => new Queue(name, { connection, prefix: prefix.prefix }),
    );
  });

  afterAll(async () => {
    await Promise.all((queues ?? []).map((queue) => queue.close()));
    await worker?.close();
    await database?.drop();
    await prefix?.clear();
  });

  async function schedulerIds(): Promise<string[]> {
    const lists = await Promise.all(queues.map((queue) => queue.getJobSchedulers()));
    return lists
      .flat()
      .map((scheduler) => scheduler.key)
      .sort();
  }

  async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return check();
  }

  it('every BullMQ worker has an error listener, so Redis failing under a job cannot end the process', () => {
    for (const processor of [EmailProcessor, OutboxRelayProcessor, SweepProcessor, DigestProcessor]) {
      expect(
        worker!.get<WorkerHost>(processor, { strict: false }).worker.listenerCount('error'),
      ).toBeGreaterThan(0);
    }
  });

  it('registers one scheduler per periodic task, and re-creates them after Redis lost its keys', async () => {
    expect(await eventually(async () => (await schedulerIds()).length === 3, 5000)).toBe(true);
    const before = await schedulerIds();
    expect(before).toEqual(['digest-schedule', 'outbox-relay-tick', 'sweep']);

    // What a restart without persistence leaves: nothing under the prefix, schedulers included.
    await prefix.clear();
    expect(await schedulerIds()).toEqual([]);

    expect(await eventually(async () => (await schedulerIds()).length === 3, 8000)).toBe(true);
    expect(await schedulerIds()).toEqual(before);
  });

  it('re-asserts them on timers of its own, in the SchedulerRegistry, which stop when the worker closes', async () => {
    const registry = worker!.get(SchedulerRegistry);
    expect(registry.getIntervals().sort()).toEqual([
      'job-scheduler-refresh:digest-schedule',
      'job-scheduler-refresh:outbox-relay-tick',
      'job-scheduler-refresh:sweep',
    ]);
    expect(await eventually(async () => (await schedulerIds()).length === 3, 5000)).toBe(true);

    const closing = worker!;
    worker = undefined;
    await closing.close();
    expect(registry.getIntervals()).toEqual([]);
    // Nothing re-creates the schedulers any more: two refresh periods later Redis is still empty.
    await prefix.clear();
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await schedulerIds()).toEqual([]);
  });
});
