import type { JobsOptions } from 'bullmq';
import type { Env } from '../../config/env';

// Retries and retention of every queue, in one place (docs/architecture.md). Jobs carry ids only; the
// database holds the truth, so finished jobs are kept just long enough to dedupe and debug.

const hour = 60 * 60;

/** Completed jobs: a day, at most 1000; their ids dedupe a relay that runs twice. */
export const keepCompleted = { age: 24 * hour, count: 1000 } as const;
/** Failed jobs: a week, at most 5000, for inspection; the outbox row records the failure anyway. */
export const keepFailed = { age: 7 * 24 * hour, count: 5000 } as const;

/** One email per notification; jobId = notification id, set by the relay. */
export function emailJobOptions(env: Pick<Env, 'emailRetryAttempts' | 'emailBackoffMs'>): JobsOptions {
  return {
    attempts: env.emailRetryAttempts,
    backoff: { type: 'exponential', delay: env.emailBackoffMs },
    removeOnComplete: keepCompleted,
    removeOnFail: keepFailed,
  };
}

/** Sweep ticks: a failed tick is made up by the next one, so no retries and little history. */
export const sweepJobOptions: JobsOptions = {
  attempts: 1,
  removeOnComplete: { age: hour, count: 100 },
  removeOnFail: { age: 7 * 24 * hour, count: 100 },
};

/** Digest ticks (every 15 minutes): a missed tick is made up by the next one; a day of history. */
export const digestTickJobOptions: JobsOptions = {
  attempts: 1,
  removeOnComplete: { age: 24 * hour, count: 100 },
  removeOnFail: { age: 7 * 24 * hour, count: 100 },
};

/** Relay ticks and nudges: cheap, idempotent, never retried (the next tick does the work). */
export const relayJobOptions: JobsOptions = {
  attempts: 1,
  removeOnComplete: { age: hour, count: 100 },
  removeOnFail: { age: 24 * hour, count: 100 },
};

export const relayJobName = 'relay';
export const relaySchedulerId = 'outbox-relay-tick';
/** Nudges after commits collapse into one job per second at most. */
export const relayNudgeDeduplication = { id: 'outbox-relay-nudge', ttl: 1000 } as const;
