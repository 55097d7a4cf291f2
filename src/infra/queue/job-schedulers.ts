import type { Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';

export interface ScheduleSpec {
  queue: Queue;
  /** Fixed id: every replica upserts the same scheduler, so the task ticks once per interval. */
  schedulerId: string;
  everyMs: number;
  jobName: string;
  jobOptions: JobsOptions;
  /** How often the schedule is re-asserted (SCHEDULE_REFRESH_MS). */
  refreshMs: number;
}

/**
 * Upserts a job scheduler now and again every `refreshMs` (a minute by default). Upserting is idempotent (the next tick keeps its
 * job id), and it gives the schedule back to a Redis that lost its data (a restart without AOF, a
 * flush) without restarting the worker. Redis down only delays it: failures are logged and retried.
 * Returns a function that stops the refresh (call it on shutdown).
 */
export function keepJobScheduler(spec: ScheduleSpec, logger: Logger): () => void {
  const upsert = (): void => {
    spec.queue
      .upsertJobScheduler(
        spec.schedulerId,
        { every: spec.everyMs },
        { name: spec.jobName, data: {}, opts: spec.jobOptions },
      )
      .catch((error: unknown) =>
        logger.warn(`Could not schedule ${spec.schedulerId} (retrying): ${String(error)}`),
      );
  };
  upsert();
  const timer = setInterval(upsert, spec.refreshMs);
  timer.unref();
  return () => clearInterval(timer);
}
